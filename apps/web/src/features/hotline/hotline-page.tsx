import { Alert, Typography } from 'antd';
import { useMemo, useState, type Key } from 'react';
import { useTranslation } from 'react-i18next';
import { ListPage } from '../../components/list-page';
import { useRequest } from '../../lib/api';
import { useMe } from '../../lib/session';
import { useTaxonomy } from '../../lib/taxonomy';
import { CategoriesCard } from './categories-card';
import { CategoryModal, type CategoryDraft } from './category-modal';
import { listCategories, listImports } from './hotline-api';
import { canManageHotline } from './hotline-roles';
import { ImportsCard } from './imports-card';
import { IntakeCard } from './intake-card';

/**
 * 12345 热线对接 (the city's administrators; its hotline desk and operators read): how the
 * hotline's system sends work orders, the mapping of its categories to scenarios, and each
 * file's report. A category a report held back is mapped from the report itself; the same file
 * sent again then files just those orders, the rest counted as duplicates.
 */
export function HotlinePage() {
  const { t } = useTranslation();
  const me = useMe();
  const canManage = canManageHotline(me);
  const taxonomy = useTaxonomy();
  const categories = useRequest((signal) => listCategories(signal), []);
  const imports = useRequest((signal) => listImports(signal), []);
  const [draft, setDraft] = useState<CategoryDraft | undefined>();
  // the reports shown below their lines: the newest, until one is opened or a file uploaded
  const [opened, setOpened] = useState<readonly Key[] | undefined>();
  const mapped = useMemo(
    () => new Map(categories.data?.items.map((c) => [c.category, c])),
    [categories.data],
  );

  return (
    <ListPage testId="hotline-page" title={t('hotline.title')}>
      <Typography.Paragraph type="secondary">{t('hotline.intro')}</Typography.Paragraph>
      {taxonomy.error ? (
        <Alert
          type="warning"
          showIcon
          title={t('hotline.taxonomyFailed')}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      <IntakeCard
        canUpload={canManage}
        onImported={(report) => {
          setOpened([report.id]);
          imports.reload();
        }}
        onRefused={(fileName) => {
          // the refusal is stored as a report too: open the newest of this file's
          void listImports().then(
            (list) => {
              const refused = list.items.find(
                (r) => r.via === 'upload' && r.fileName === fileName && r.outcome === 'refused',
              );
              if (refused) setOpened([refused.id]);
              imports.reload();
            },
            () => imports.reload(),
          );
        }}
      />
      <div style={{ marginBottom: 12 }}>
        <ImportsCard
          imports={imports}
          mapped={mapped}
          taxonomy={taxonomy.data}
          canManage={canManage}
          opened={opened}
          onOpen={setOpened}
          onMap={setDraft}
        />
      </div>
      <CategoriesCard
        categories={categories}
        taxonomy={taxonomy.data}
        canManage={canManage}
        onMap={setDraft}
      />
      {draft ? (
        <CategoryModal
          draft={draft}
          taxonomy={taxonomy.data}
          onClose={() => setDraft(undefined)}
          onSaved={() => {
            setDraft(undefined);
            categories.reload();
          }}
        />
      ) : null}
    </ListPage>
  );
}
