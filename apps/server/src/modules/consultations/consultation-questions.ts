import {
  CONSULTATION_LIMITS as L,
  type ConsultationAnswerInput,
  type ConsultationQuestion,
  type ConsultationQuestionInput,
} from '@cc/contracts';
import { AppError } from '../../platform/errors.js';
import { maskPersonalNumbers } from '../../platform/text-masking.js';

/**
 * The questionnaire's rules: what an author may ask, and what counts as an answer to it. Every
 * refusal names the field (`questions.2.options`, `answers.q3.point`) and the rule.
 */

const KIND_ZH: Record<ConsultationQuestion['kind'], string> = {
  single: '单选题',
  multiple: '多选题',
  scale: '评分题',
  text: '填空题',
  pin: '地图标注题',
};

/** The author's questions → stored questions with ids (`q1…`, options `o1…`). */
export function checkQuestions(
  input: readonly ConsultationQuestionInput[],
): ConsultationQuestion[] {
  if (input.length === 0) {
    throw AppError.invalid(
      'questions',
      'minItems',
      '问卷至少需要一个问题 / A questionnaire needs at least one question',
    );
  }
  return input.map((q, i) => {
    const field = `questions.${i}`;
    // published to every resident of the area: ID and mobile numbers masked before storing
    const title = maskPersonalNumbers(q.title.trim());
    if (!title) {
      throw AppError.invalid(
        `${field}.title`,
        'required',
        `第 ${i + 1} 题缺少题目 / Question ${i + 1} needs a title`,
      );
    }
    const base: ConsultationQuestion = {
      id: `q${i + 1}`,
      kind: q.kind,
      title,
      required: q.required ?? true,
      options: [],
      maxChoices: null,
      scaleMin: null,
      scaleMax: null,
      scaleMinLabel: null,
      scaleMaxLabel: null,
    };
    switch (q.kind) {
      case 'single':
      case 'multiple': {
        const labels = (q.options ?? []).map((o) => maskPersonalNumbers(o.trim()));
        if (labels.length < L.optionsMin) {
          throw AppError.invalid(
            `${field}.options`,
            'minItems',
            `第 ${i + 1} 题（${KIND_ZH[q.kind]}）至少需要 ${L.optionsMin} 个选项 / Question ${i + 1} (${q.kind} choice) needs at least ${L.optionsMin} options`,
          );
        }
        const blank = labels.findIndex((l) => !l);
        if (blank >= 0) {
          throw AppError.invalid(
            `${field}.options.${blank}`,
            'required',
            `第 ${i + 1} 题的第 ${blank + 1} 个选项为空 / Question ${i + 1}, option ${blank + 1} is empty`,
          );
        }
        if (new Set(labels).size !== labels.length) {
          throw AppError.invalid(
            `${field}.options`,
            'unique',
            `第 ${i + 1} 题有重复的选项 / Question ${i + 1} has the same option twice`,
          );
        }
        base.options = labels.map((label, k) => ({ id: `o${k + 1}`, label }));
        if (q.kind === 'multiple') {
          const max = q.maxChoices ?? labels.length;
          if (max > labels.length) {
            throw AppError.invalid(
              `${field}.maxChoices`,
              'maximum',
              `第 ${i + 1} 题最多可选数不能超过选项数 ${labels.length} / Question ${i + 1}: maxChoices cannot exceed the ${labels.length} options`,
            );
          }
          base.maxChoices = max;
        }
        return base;
      }
      case 'scale': {
        const min = q.scaleMin ?? 1;
        const max = q.scaleMax ?? 5;
        if (max - min < 1) {
          throw AppError.invalid(
            `${field}.scaleMax`,
            'minimum',
            `第 ${i + 1} 题的评分上限须大于下限 / Question ${i + 1}: scaleMax must be above scaleMin`,
          );
        }
        base.scaleMin = min;
        base.scaleMax = max;
        base.scaleMinLabel = maskPersonalNumbers(q.scaleMinLabel?.trim() ?? '') || null;
        base.scaleMaxLabel = maskPersonalNumbers(q.scaleMaxLabel?.trim() ?? '') || null;
        return base;
      }
      case 'text':
      case 'pin':
        if (q.options?.length) {
          throw AppError.invalid(
            `${field}.options`,
            'absent',
            `第 ${i + 1} 题（${KIND_ZH[q.kind]}）没有选项 / Question ${i + 1} (${q.kind}) takes no options`,
          );
        }
        return base;
    }
  });
}

/** One answer row to store: an option, a scale value, a text or a point. */
export interface AnswerRow {
  questionId: string;
  optionId: string | null;
  value: number | null;
  text: string | null;
  lng: number | null;
  lat: number | null;
}

const wrongType = (q: ConsultationQuestion, expected: string) =>
  AppError.invalid(
    `answers.${q.id}.${expected}`,
    'type',
    `“${q.title}”是${KIND_ZH[q.kind]}，请用 ${expected} 作答 / “${q.title}” is a ${q.kind} question: answer it with \`${expected}\``,
  );

/** The other answer fields must be absent: an answer of the wrong type is refused, not dropped. */
function onlyField(q: ConsultationQuestion, a: ConsultationAnswerInput, expected: string): void {
  const given = (['choice', 'choices', 'value', 'text', 'point'] as const).filter(
    (k) => a[k] !== undefined,
  );
  if (given.length !== 1 || given[0] !== expected) throw wrongType(q, expected);
}

/**
 * The resident's answers → rows, checked against the questions: known question ids, each once,
 * every required question answered, each with the field of its kind and a value it allows.
 * `isInside(lng, lat)` says whether a pin lies in the target area.
 */
export function checkAnswers(
  questions: readonly ConsultationQuestion[],
  answers: readonly ConsultationAnswerInput[],
  isInside: (lng: number, lat: number) => boolean,
): AnswerRow[] {
  const byId = new Map(questions.map((q) => [q.id, q]));
  const seen = new Set<string>();
  const rows: AnswerRow[] = [];
  const row = (questionId: string, r: Partial<AnswerRow>): AnswerRow => ({
    questionId,
    optionId: null,
    value: null,
    text: null,
    lng: null,
    lat: null,
    ...r,
  });
  for (const a of answers) {
    const q = byId.get(a.questionId);
    if (!q) {
      throw AppError.invalid(
        `answers.${a.questionId}`,
        'exists',
        `问卷中没有问题 ${a.questionId} / No question ${a.questionId} in this questionnaire`,
      );
    }
    if (seen.has(q.id)) {
      throw AppError.invalid(
        `answers.${q.id}`,
        'unique',
        `问题 ${q.id} 回答了两次 / Question ${q.id} is answered twice`,
      );
    }
    seen.add(q.id);
    const optionIds = new Set(q.options.map((o) => o.id));
    switch (q.kind) {
      case 'single': {
        onlyField(q, a, 'choice');
        if (!optionIds.has(a.choice!)) {
          throw AppError.invalid(
            `answers.${q.id}.choice`,
            'enum',
            `“${q.title}”没有选项 ${a.choice} / “${q.title}” has no option ${a.choice}`,
          );
        }
        rows.push(row(q.id, { optionId: a.choice! }));
        break;
      }
      case 'multiple': {
        onlyField(q, a, 'choices');
        const choices = a.choices!;
        if (choices.length === 0) {
          throw AppError.invalid(
            `answers.${q.id}.choices`,
            'minItems',
            `“${q.title}”至少选一项 / “${q.title}”: tick at least one option`,
          );
        }
        if (new Set(choices).size !== choices.length) {
          throw AppError.invalid(
            `answers.${q.id}.choices`,
            'unique',
            `“${q.title}”有重复的选项 / “${q.title}”: an option is ticked twice`,
          );
        }
        const unknown = choices.find((c) => !optionIds.has(c));
        if (unknown !== undefined) {
          throw AppError.invalid(
            `answers.${q.id}.choices`,
            'enum',
            `“${q.title}”没有选项 ${unknown} / “${q.title}” has no option ${unknown}`,
          );
        }
        if (q.maxChoices !== null && choices.length > q.maxChoices) {
          throw AppError.invalid(
            `answers.${q.id}.choices`,
            'maxItems',
            `“${q.title}”最多选 ${q.maxChoices} 项 / “${q.title}”: at most ${q.maxChoices} options`,
          );
        }
        for (const c of choices) rows.push(row(q.id, { optionId: c }));
        break;
      }
      case 'scale': {
        onlyField(q, a, 'value');
        const v = a.value!;
        if (v < q.scaleMin! || v > q.scaleMax!) {
          throw AppError.invalid(
            `answers.${q.id}.value`,
            'range',
            `“${q.title}”的评分须在 ${q.scaleMin}–${q.scaleMax} 之间 / “${q.title}”: the value must be ${q.scaleMin}–${q.scaleMax}`,
          );
        }
        rows.push(row(q.id, { value: v }));
        break;
      }
      case 'text': {
        onlyField(q, a, 'text');
        const text = a.text!.trim();
        if (!text) {
          if (q.required) {
            throw AppError.invalid(
              `answers.${q.id}.text`,
              'required',
              `“${q.title}”不能为空 / “${q.title}” needs an answer`,
            );
          }
          break;
        }
        // ID and mobile numbers never reach the table
        rows.push(row(q.id, { text: maskPersonalNumbers(text) }));
        break;
      }
      case 'pin': {
        onlyField(q, a, 'point');
        const { lng, lat } = a.point!;
        if (!isInside(lng, lat)) {
          throw AppError.invalid(
            `answers.${q.id}.point`,
            'inside',
            `“${q.title}”的标注点不在征询范围内 / “${q.title}”: the pin lies outside the consultation's area`,
          );
        }
        rows.push(row(q.id, { lng, lat }));
        break;
      }
    }
  }
  const missing = questions.find((q) => q.required && !rows.some((r) => r.questionId === q.id));
  if (missing) {
    throw AppError.invalid(
      `answers.${missing.id}`,
      'required',
      `请回答必答题“${missing.title}” / “${missing.title}” must be answered`,
    );
  }
  return rows;
}
