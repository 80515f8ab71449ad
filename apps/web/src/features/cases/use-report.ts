import type { CaseDetail, CreateCaseBody, NearbyCase, Scenario } from '@cc/contracts';
import { App as AntApp, type FormInstance } from 'antd';
import { useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, describeError } from '../../lib/api';
import type { LatLng } from './case-map';
import { newIdempotencyKey } from './case-format';
import { actOnCase, createCase } from './cases-api';
import { toAttributeValue } from '../../components/scenario-fields';
import type { PhotoUploads } from './use-photo-uploads';

export interface ReportFormValues {
  description?: string;
  address?: string;
  attributes?: Record<string, unknown>;
  contact?: { name?: string; phone?: string };
}

/** Errors the server names that are not antd form fields. */
export interface BlockErrors {
  scenario?: string;
  location?: string;
  photos?: string;
  general?: string;
}

export type ReportOutcome =
  { kind: 'created'; detail: CaseDetail } | { kind: 'supplemented'; id: string; number: string };

interface Inputs {
  form: FormInstance<ReportFormValues>;
  scenario: Scenario | undefined;
  scenarioCode: string | undefined;
  point: LatLng | undefined;
  manualArea: string | undefined;
  uploads: PhotoUploads;
  isHotline: boolean;
  /** the similar cases offered, and where they are shown */
  nearby: { items: readonly NearbyCase[]; key: string };
  nearbyRef: RefObject<HTMLDivElement | null>;
}

/**
 * Filing a report: checks, the case body, one Idempotency-Key per submission (a double tap or
 * a retry files one case), a photo or note added to a similar case instead, and the errors
 * next to the blocks they name — each cleared when its block changes.
 */
export function useReport({
  form,
  scenario,
  scenarioCode,
  point,
  manualArea,
  uploads,
  isHotline,
  nearby,
  nearbyRef,
}: Inputs) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [errors, setErrors] = useState<BlockErrors>({});
  const [acknowledgedNearby, setAcknowledgedNearby] = useState<string | undefined>(undefined);
  const [isSubmitting, setIsSubmitting] = useState(false);
  const [outcome, setOutcome] = useState<ReportOutcome | undefined>(undefined);
  const keyRef = useRef<string | undefined>(undefined);
  const mustChooseNearby = nearby.items.length > 0 && acknowledgedNearby !== nearby.key;

  // A new point or scenario, or another photo, clears the errors about them.
  const watched = { point, manualArea, scenarioCode, photoCount: uploads.photoIds.length };
  const [seen, setSeen] = useState(watched);
  if (
    seen.point !== point ||
    seen.manualArea !== manualArea ||
    seen.scenarioCode !== scenarioCode ||
    seen.photoCount !== watched.photoCount
  ) {
    setSeen(watched);
    setErrors((e) => ({
      ...e,
      ...(seen.point !== point || seen.manualArea !== manualArea ? { location: undefined } : {}),
      ...(seen.scenarioCode !== scenarioCode ? { scenario: undefined } : {}),
      ...(seen.photoCount !== watched.photoCount ? { photos: undefined } : {}),
    }));
  }

  /** A server error next to the field it names. */
  function showServerError(error: unknown) {
    const text = describeError(error, t);
    const field = error instanceof ApiError ? (error.field ?? '') : '';
    const [head, ...rest] = field.split('.');
    if (head === 'description' || head === 'address') {
      form.setFields([{ name: head, errors: [text] }]);
      form.scrollToField(head, { block: 'center' });
    } else if (head === 'attributes' && rest.length > 0) {
      form.setFields([{ name: ['attributes', rest[0]!], errors: [text] }]);
      form.scrollToField(['attributes', rest[0]!], { block: 'center' });
    } else if (head === 'contact' && rest.length > 0) {
      form.setFields([{ name: ['contact', rest[0]!], errors: [text] }]);
    } else if (head === 'lat' || head === 'lng' || head === 'areaCode') {
      setErrors((e) => ({ ...e, location: text }));
    } else if (head === 'photoIds' || head === 'file') {
      setErrors((e) => ({ ...e, photos: text }));
    } else if (head === 'scenarioCode') {
      setErrors((e) => ({ ...e, scenario: text }));
    } else {
      setErrors((e) => ({ ...e, general: text }));
    }
  }

  /** Everything checked before a request; undefined when something is missing. */
  async function collect(): Promise<{ values: ReportFormValues } | undefined> {
    const problems: BlockErrors = {};
    if (!scenario) problems.scenario = t('cases.report.scenarioRequired');
    if (!point && !manualArea) problems.location = t('cases.report.locationRequired');
    if (uploads.isUploading) problems.photos = t('cases.report.photosUploading');
    setErrors(problems);
    let values: ReportFormValues;
    try {
      values = await form.validateFields();
    } catch {
      return undefined;
    }
    if (problems.scenario || problems.location || problems.photos) {
      void message.warning(problems.scenario ?? problems.location ?? problems.photos);
      return undefined;
    }
    return { values };
  }

  async function submit(isNewConfirmed = false) {
    if (isSubmitting) return;
    const collected = await collect();
    if (!collected || !scenario) return;
    if (mustChooseNearby && !isNewConfirmed) {
      nearbyRef.current?.scrollIntoView({ behavior: 'smooth', block: 'center' });
      void message.info(t('cases.nearby.chooseFirst'));
      return;
    }
    const { values } = collected;
    const attributes: NonNullable<CreateCaseBody['attributes']> = {};
    for (const field of scenario.fields) {
      const value = toAttributeValue(field, values.attributes?.[field.code]);
      if (value !== undefined) attributes[field.code] = value;
    }
    const contactName = values.contact?.name?.trim();
    const contactPhone = values.contact?.phone?.trim();
    const body: CreateCaseBody = {
      scenarioCode: scenario.code,
      description: (values.description ?? '').trim(),
      ...(point ? { lat: point.lat, lng: point.lng } : { areaCode: manualArea }),
      ...(values.address?.trim() ? { address: values.address.trim() } : {}),
      ...(Object.keys(attributes).length ? { attributes } : {}),
      ...(uploads.photoIds.length ? { photoIds: uploads.photoIds } : {}),
      ...(isHotline && (contactName || contactPhone)
        ? {
            contact: {
              ...(contactName ? { name: contactName } : {}),
              ...(contactPhone ? { phone: contactPhone } : {}),
            },
          }
        : {}),
    };
    // One key per submission: kept for a retry after a lost answer, new after a refusal.
    keyRef.current ??= newIdempotencyKey();
    setIsSubmitting(true);
    setErrors({});
    try {
      const detail = await createCase(body, keyRef.current);
      keyRef.current = undefined;
      setOutcome({ kind: 'created', detail });
      window.scrollTo({ top: 0 });
    } catch (error) {
      if (error instanceof ApiError && error.status >= 400 && error.status < 500) {
        keyRef.current = undefined; // refused: nothing was filed, the next try is a new one
      }
      showServerError(error);
    } finally {
      setIsSubmitting(false);
    }
  }

  /** The description and photos added to a similar case (补充) instead of a new report. */
  async function supplement(target: NearbyCase) {
    if (isSubmitting) return;
    if (uploads.isUploading) {
      setErrors((e) => ({ ...e, photos: t('cases.report.photosUploading') }));
      return;
    }
    let description: string;
    try {
      description = ((await form.validateFields(['description'])).description ?? '').trim();
    } catch {
      return;
    }
    setIsSubmitting(true);
    try {
      await actOnCase(target.id, {
        action: 'supplement',
        note: description,
        ...(uploads.photoIds.length ? { photoIds: uploads.photoIds } : {}),
      });
      setOutcome({ kind: 'supplemented', id: target.id, number: target.number });
      window.scrollTo({ top: 0 });
    } catch (error) {
      const field = error instanceof ApiError ? error.field : undefined;
      if (field === 'note')
        form.setFields([{ name: 'description', errors: [describeError(error, t)] }]);
      else showServerError(error);
    } finally {
      setIsSubmitting(false);
    }
  }

  /** None of the similar cases: file a new one after all. */
  function reportNew() {
    setAcknowledgedNearby(nearby.key);
    void submit(true);
  }

  /** 再报一件: a clean form (the scenario is cleared by the page). */
  function startOver() {
    form.resetFields();
    uploads.reset();
    setAcknowledgedNearby(undefined);
    setErrors({});
    setOutcome(undefined);
    keyRef.current = undefined;
  }

  return {
    errors,
    outcome,
    isSubmitting,
    mustChooseNearby,
    submit,
    supplement,
    reportNew,
    startOver,
  };
}
