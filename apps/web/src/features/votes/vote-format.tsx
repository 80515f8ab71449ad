import { PaperClipOutlined } from '@ant-design/icons';
import type {
  AttachmentRef,
  VoteChoice,
  VoteSubjectRef,
  VoteRulePreset,
  VoteRuleView,
  VoteState,
} from '@cc/contracts';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { downloadBlob, safeFileName } from '../../lib/download';
import { isEnglish } from '../../lib/format';

export { formatArea, shareText } from './vote-figures';

const STATE_COLOUR: Record<VoteState, string> = {
  draft: 'default',
  open: 'processing',
  closed: 'warning',
  published: 'success',
  cancelled: 'default',
};
export const CHOICE_COLOUR: Record<VoteChoice, string> = {
  agree: '#52c41a',
  disagree: '#f5222d',
  abstain: '#faad14',
};
const CHOICE_TAG: Record<VoteChoice, string> = {
  agree: 'success',
  disagree: 'error',
  abstain: 'warning',
};

export function VoteStateTag({ state }: { state: VoteState }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLOUR[state]} data-testid="vote-state" data-state={state}>
      {t(`votes.state.${state}`)}
    </Tag>
  );
}

/** A choice as a tag; no choice reads 未表决. */
export function ChoiceTag({ choice }: { choice: VoteChoice | null }) {
  const { t } = useTranslation();
  if (!choice) return <Tag data-testid="vote-choice">{t('votes.notVoted')}</Tag>;
  return (
    <Tag color={CHOICE_TAG[choice]} data-testid="vote-choice" data-choice={choice}>
      {t(`votes.choice.${choice}`)}
    </Tag>
  );
}

/** A rule's name in the person's language. */
export function ruleName(
  rule: Pick<VoteRuleView | VoteRulePreset, 'name' | 'nameEn'>,
  language: string,
): string {
  return isEnglish(language) ? rule.nameEn : rule.name;
}

/** A receipt or a list saved as a text file. */
export function saveText(fileName: string, text: string) {
  downloadBlob(new Blob([text], { type: 'text/plain;charset=utf-8' }), safeFileName(fileName));
}

/** The documents shown with the question: links that open each file. */
export function VoteDocuments({ documents }: { documents: readonly AttachmentRef[] }) {
  if (documents.length === 0) return null;
  return (
    <ul className="cc-vote-documents" data-testid="vote-documents-list">
      {documents.map((d) => (
        <li key={d.id}>
          <a href={d.url} target="_blank" rel="noopener noreferrer" data-testid="vote-document">
            <PaperClipOutlined /> {d.name}
          </a>
        </li>
      ))}
    </ul>
  );
}

/** What the vote decides, when another module owns it: a link to the project or the fees. */
export function SubjectLink({ subject }: { subject: VoteSubjectRef | null }) {
  const { t } = useTranslation();
  if (!subject) return null;
  const to =
    subject.type === 'elevator'
      ? `/elevators/${subject.id}`
      : subject.type === 'property_fee'
        ? '/property'
        : null;
  const label = t('votes.subjectOf', {
    subject: t(`votes.subject.${subject.type}`, { defaultValue: subject.type }),
  });
  return (
    <Tag color="blue" data-testid="vote-subject">
      {to ? <Link to={to}>{label}</Link> : label}
    </Tag>
  );
}
