import type {
  DocumentType,
  Registration,
  Relation,
  Resident,
  ResidentBody,
  ResidentPatch,
  Sex,
} from '@cc/contracts';
import {
  Alert,
  App as AntApp,
  Button,
  Col,
  DatePicker,
  Drawer,
  Form,
  Grid,
  Input,
  Row,
  Select,
  Space,
  type FormRule,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../lib/api';
import { showServerFieldError, fieldHead } from '../../lib/form-errors';
import { useIsOpening } from '../../lib/use-is-opening';
import { createResident, patchResident } from './registry-api';
import { codeOptions, useRegistryTags } from './registry-labels';
import { BuildingSelect, RoomSelect, useBuildings } from './room-picker';

interface FormValues {
  name?: string;
  documentType?: DocumentType;
  documentNumber?: string;
  birthDate?: Dayjs;
  sex?: Sex;
  registration?: Registration;
  nationality?: string;
  phone?: string;
  building?: string;
  roomId?: string;
  householdNumber?: string;
  relation?: Relation;
  tags?: string[];
  healthNote?: string;
}

const FIELDS = [
  'name',
  'documentType',
  'documentNumber',
  'birthDate',
  'sex',
  'registration',
  'nationality',
  'phone',
  'building',
  'roomId',
  'householdNumber',
  'relation',
  'tags',
  'healthNote',
] as const;

/** The resident ID (GB 11643): 17 digits and a check character. */
const RESIDENT_ID = /^\d{17}[\dXx]$/;
const MOBILE = /^1\d{10}$/;
const NATIONALITY = /^[A-Z]{3}$/;

const trimmed = (value: string | undefined) => {
  const v = value?.trim();
  return v ? v : undefined;
};

type Props =
  | {
      mode: 'create';
      isOpen: boolean;
      onClose: () => void;
      onSaved: (resident: Resident) => void;
      /** the committee or compound the page shows: its buildings, and the committee */
      area: string;
      committee: string | undefined;
    }
  | {
      mode: 'edit';
      isOpen: boolean;
      onClose: () => void;
      onSaved: (resident: Resident) => void;
      resident: Resident;
    };

/**
 * 新增居民 / 编辑: the resident's form in a drawer. The checks here are hints (the server
 * decides); a 400 that names a field is shown beside it, anything else above the form.
 * Editing cannot start from the masked name and phone: left empty, they stay as they are.
 */
export function ResidentFormDrawer(props: Props) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const { message } = AntApp.useApp();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<FormValues>();
  const [isSaving, setIsSaving] = useState(false);
  const [formError, setFormError] = useState<string | undefined>();
  const tags = useRegistryTags();
  const isCreate = props.mode === 'create';
  const buildings = useBuildings(isCreate && props.isOpen ? props.area : undefined);
  const documentType = Form.useWatch('documentType', form);
  const building = Form.useWatch('building', form);
  const editing = props.mode === 'edit' ? props.resident : undefined;
  const carriesBirth = documentType === 'resident_id';

  // each opening starts clean
  if (useIsOpening(props.isOpen)) setFormError(undefined);
  useEffect(() => {
    if (!props.isOpen) return;
    form.resetFields();
    if (editing) {
      form.setFieldsValue({
        registration: editing.registration,
        nationality: editing.nationality,
        tags: editing.tags,
        householdNumber: editing.householdNumber ?? undefined,
        relation: editing.relation ?? undefined,
      });
    } else {
      form.setFieldsValue({
        documentType: 'resident_id',
        nationality: 'CHN',
        registration: 'local',
      });
    }
  }, [props.isOpen, editing, form]);

  function createBody(values: FormValues): ResidentBody {
    const roomId = values.roomId;
    const committee = props.mode === 'create' ? props.committee : undefined;
    return {
      name: values.name?.trim() ?? '',
      documentType: values.documentType ?? 'resident_id',
      documentNumber: values.documentNumber?.trim().toUpperCase() ?? '',
      registration: values.registration ?? 'local',
      ...(values.birthDate ? { birthDate: values.birthDate.format('YYYY-MM-DD') } : {}),
      ...(values.sex ? { sex: values.sex } : {}),
      ...(trimmed(values.nationality) ? { nationality: trimmed(values.nationality) } : {}),
      ...(trimmed(values.phone) ? { phone: trimmed(values.phone) } : {}),
      ...(roomId ? { roomId } : committee ? { committeeCode: committee } : {}),
      ...(trimmed(values.householdNumber)
        ? { householdNumber: trimmed(values.householdNumber) }
        : {}),
      ...(values.relation ? { relation: values.relation } : {}),
      ...(values.tags && values.tags.length > 0 ? { tags: values.tags } : {}),
      ...(trimmed(values.healthNote) ? { healthNote: trimmed(values.healthNote) } : {}),
    };
  }

  /** Only what changed: the masked fields when filled in, the others when different. */
  function patchBody(values: FormValues, resident: Resident): ResidentPatch {
    const patch: ResidentPatch = {};
    const name = trimmed(values.name);
    if (name) patch.name = name;
    const phone = trimmed(values.phone);
    if (phone) patch.phone = phone;
    if (values.registration && values.registration !== resident.registration)
      patch.registration = values.registration;
    const nationality = trimmed(values.nationality);
    if (nationality && nationality !== resident.nationality) patch.nationality = nationality;
    const nextTags = values.tags ?? [];
    if (
      nextTags.length !== resident.tags.length ||
      nextTags.some((tag) => !resident.tags.includes(tag))
    )
      patch.tags = nextTags;
    const household = trimmed(values.householdNumber);
    if (household && household !== resident.householdNumber) patch.householdNumber = household;
    if (values.relation && values.relation !== resident.relation) patch.relation = values.relation;
    const note = trimmed(values.healthNote);
    if (note) patch.healthNote = note;
    return patch;
  }

  async function submit(values: FormValues) {
    setFormError(undefined);
    let saved: Resident;
    setIsSaving(true);
    try {
      if (props.mode === 'create') {
        saved = await createResident(createBody(values));
        void message.success(t('registry.form.created'));
      } else {
        const patch = patchBody(values, props.resident);
        if (Object.keys(patch).length === 0) {
          setFormError(t('registry.form.nothingChanged'));
          return;
        }
        saved = await patchResident(props.resident.id, patch);
        void message.success(t('registry.form.saved'));
      }
      props.onSaved(saved);
    } catch (error) {
      if (
        !showServerFieldError(form, error, FIELDS, {
          aliases: { committeeCode: 'roomId' },
          toName: fieldHead,
        })
      )
        setFormError(describeError(error, t));
    } finally {
      setIsSaving(false);
    }
  }

  const hint = (pattern: RegExp, key: string): FormRule => ({
    pattern,
    message: t(key),
    warningOnly: true,
  });
  const required = (key: string): FormRule => ({ required: true, message: t(key) });
  const half = { xs: 24, sm: 12 };

  return (
    <Drawer
      title={isCreate ? t('registry.form.createTitle') : t('registry.form.editTitle')}
      open={props.isOpen}
      onClose={props.onClose}
      size={screens.sm ? 560 : '100%'}
      destroyOnHidden
      data-testid="resident-form-drawer"
      footer={
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={props.onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={isSaving}
            onClick={() => form.submit()}
            data-testid="resident-form-submit"
          >
            {isCreate ? t('registry.form.create') : t('registry.form.save')}
          </Button>
        </Space>
      }
    >
      {formError ? (
        <Alert
          type="error"
          showIcon
          title={formError}
          style={{ marginBottom: 12 }}
          data-testid="resident-form-error"
        />
      ) : null}
      {editing ? (
        <Alert
          type="info"
          showIcon
          title={t('registry.form.maskedHint')}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={(values) => void submit(values)}
        requiredMark
        data-testid="resident-form"
      >
        <Row gutter={12}>
          <Col {...half}>
            <Form.Item
              name="name"
              label={t('registry.field.name')}
              rules={isCreate ? [required('registry.form.nameRequired')] : []}
            >
              <Input
                maxLength={60}
                placeholder={editing ? editing.name : undefined}
                autoComplete="off"
                data-testid="resident-field-name"
              />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item
              name="phone"
              label={t('registry.field.phone')}
              rules={[hint(MOBILE, 'registry.form.phoneHint')]}
            >
              <Input
                maxLength={20}
                inputMode="tel"
                placeholder={editing?.phone ?? undefined}
                autoComplete="off"
                data-testid="resident-field-phone"
              />
            </Form.Item>
          </Col>
          {isCreate ? (
            <>
              <Col {...half}>
                <Form.Item
                  name="documentType"
                  label={t('registry.field.documentType')}
                  rules={[required('registry.form.documentTypeRequired')]}
                >
                  <Select
                    options={codeOptions('documentType', language)}
                    data-testid="resident-field-document-type"
                  />
                </Form.Item>
              </Col>
              <Col {...half}>
                <Form.Item
                  name="documentNumber"
                  label={t('registry.field.documentNumber')}
                  rules={[
                    required('registry.form.documentRequired'),
                    { min: 4, max: 30, message: t('registry.form.documentLength') },
                    ...(carriesBirth ? [hint(RESIDENT_ID, 'registry.form.residentIdHint')] : []),
                  ]}
                >
                  <Input maxLength={30} autoComplete="off" data-testid="resident-field-document" />
                </Form.Item>
              </Col>
              <Col {...half}>
                <Form.Item
                  name="birthDate"
                  label={t('registry.field.birthDate')}
                  extra={carriesBirth ? t('registry.form.fromResidentId') : undefined}
                  rules={carriesBirth ? [] : [required('registry.form.birthRequired')]}
                >
                  <DatePicker
                    style={{ width: '100%' }}
                    format="YYYY-MM-DD"
                    data-testid="resident-field-birth"
                  />
                </Form.Item>
              </Col>
              <Col {...half}>
                <Form.Item
                  name="sex"
                  label={t('registry.field.sex')}
                  extra={carriesBirth ? t('registry.form.fromResidentId') : undefined}
                  rules={carriesBirth ? [] : [required('registry.form.sexRequired')]}
                >
                  <Select
                    allowClear
                    options={codeOptions('sex', language)}
                    data-testid="resident-field-sex"
                  />
                </Form.Item>
              </Col>
            </>
          ) : null}
          <Col {...half}>
            <Form.Item
              name="registration"
              label={t('registry.field.registration')}
              rules={isCreate ? [required('registry.form.registrationRequired')] : []}
            >
              <Select
                options={codeOptions('registration', language)}
                data-testid="resident-field-registration"
              />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item
              name="nationality"
              label={t('registry.field.nationality')}
              normalize={(value: string | undefined) => value?.toUpperCase()}
              rules={[hint(NATIONALITY, 'registry.form.nationalityHint')]}
            >
              <Input maxLength={3} placeholder="CHN" data-testid="resident-field-nationality" />
            </Form.Item>
          </Col>
          {props.mode === 'create' ? (
            <>
              <Col {...half}>
                <Form.Item name="building" label={t('registry.field.building')}>
                  <BuildingSelect
                    buildings={buildings.items}
                    isLoading={buildings.isLoading}
                    onChange={() => form.setFieldValue('roomId', undefined)}
                    testId="resident-field-building"
                  />
                </Form.Item>
              </Col>
              <Col {...half}>
                <Form.Item
                  name="roomId"
                  label={t('registry.field.room')}
                  extra={!building ? t('registry.form.noRoomHint') : undefined}
                >
                  <RoomSelect area={props.area} building={building} testId="resident-field-room" />
                </Form.Item>
              </Col>
            </>
          ) : null}
          <Col {...half}>
            <Form.Item name="householdNumber" label={t('registry.field.householdNumber')}>
              <Input maxLength={30} data-testid="resident-field-household" />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="relation" label={t('registry.field.relation')}>
              <Select
                allowClear
                options={codeOptions('relation', language)}
                data-testid="resident-field-relation"
              />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="tags" label={t('registry.field.tags')}>
              <Select
                mode="multiple"
                allowClear
                loading={tags.isLoading}
                options={tags.options}
                showSearch={{ optionFilterProp: 'label' }}
                maxCount={20}
                data-testid="resident-field-tags"
              />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item
              name="healthNote"
              label={t('registry.field.healthNote')}
              extra={
                editing?.hasHealthNote
                  ? t('registry.form.healthNoteKept')
                  : t('registry.form.healthNoteHint')
              }
            >
              <Input.TextArea
                maxLength={500}
                showCount
                autoSize={{ minRows: 2, maxRows: 5 }}
                data-testid="resident-field-health"
              />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Drawer>
  );
}
