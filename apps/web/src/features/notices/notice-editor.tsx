import { PictureOutlined } from '@ant-design/icons';
import {
  NOTICE_AUTHOR_ROLES,
  NOTICE_BODY_MAX,
  NOTICE_TITLE_MAX,
  type AttachmentRef,
  type Building,
  type CreateNoticeBody,
  type NoticeDetail,
} from '@cc/contracts';
import {
  App,
  Button,
  DatePicker,
  Drawer,
  Form,
  Image,
  Input,
  Select,
  Space,
  Switch,
  Tabs,
  Tag,
  Upload,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AreaTreeSelect } from '../../components/area-tree-select';
import { areasApi, describeError } from '../../lib/api';
import { scopeRoots, useMe } from '../../lib/session';
import { AttachmentUpload } from './attachments';
import { NoticeMarkdown } from './markdown';
import { createNotice, listBuildings, updateNotice, uploadNoticePhoto } from './notices-api';

interface Values {
  title: string;
  body: string;
  publishAt?: Dayjs | null;
  expiresAt?: Dayjs | null;
  pinned: boolean;
  urgent: boolean;
}

interface Props {
  /** the notice to change (a draft or a scheduled one); none for a new one */
  notice?: NoticeDetail;
  onClose: (changed: boolean) => void;
}

/**
 * Write or change a notice: title, body (the safe Markdown subset, with a preview), images
 * (the photo upload), attachments, audience (areas from the picker, buildings of a picked
 * committee or compound), schedule, expiry, pin and urgent (SMS).
 */
export function NoticeEditor({ notice, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const [form] = Form.useForm<Values>();
  const body = Form.useWatch('body', form) ?? '';
  const [areas, setAreas] = useState<{ code: string; name: string }[]>(
    notice?.targets?.filter((x) => x.kind === 'area').map((x) => ({ code: x.id, name: x.name })) ??
      [],
  );
  const [buildingIds, setBuildingIds] = useState<string[]>(notice?.targetInput?.buildingIds ?? []);
  const [buildingArea, setBuildingArea] = useState<string | undefined>();
  const [buildings, setBuildings] = useState<Building[]>([]);
  const [photos, setPhotos] = useState<{ id: string; thumb: string }[]>(notice?.photos ?? []);
  const [files, setFiles] = useState<AttachmentRef[]>(notice?.attachments ?? []);
  const [picked, setPicked] = useState<string | undefined>();
  const [isSaving, setSaving] = useState(false);

  useEffect(() => {
    if (!buildingArea) return;
    const controller = new AbortController();
    listBuildings(buildingArea, controller.signal).then(
      (r) => setBuildings(r.items),
      () => setBuildings([]),
    );
    return () => controller.abort();
  }, [buildingArea]);

  const addArea = async () => {
    if (!picked || areas.some((a) => a.code === picked)) return;
    const detail = await areasApi.getArea(picked).catch(() => null);
    setAreas([...areas, { code: picked, name: detail?.area.name ?? picked }]);
    if (detail && ['committee', 'grid', 'compound'].includes(detail.area.level))
      setBuildingArea(picked);
  };

  const save = async (asDraft: boolean) => {
    const v = await form.validateFields();
    if (areas.length === 0 && buildingIds.length === 0) {
      message.error(t('notices.editor.targetsRequired'));
      return;
    }
    const payload: CreateNoticeBody = {
      title: v.title,
      body: v.body ?? '',
      photoIds: photos.map((p) => p.id),
      attachmentIds: files.map((f) => f.id),
      targets: { areaCodes: areas.map((a) => a.code), buildingIds },
      publishAt: v.publishAt ? v.publishAt.toISOString() : null,
      expiresAt: v.expiresAt ? v.expiresAt.toISOString() : null,
      pinned: v.pinned,
      urgent: v.urgent,
    };
    setSaving(true);
    try {
      if (notice) await updateNotice(notice.id, payload);
      else await createNotice({ ...payload, draft: asDraft });
      message.success(
        asDraft || notice ? t('notices.editor.saved') : t('notices.editor.published'),
      );
      onClose(true);
    } catch (e) {
      message.error(describeError(e, t));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open
      width={720}
      title={notice ? t('notices.editor.titleEdit') : t('notices.editor.titleNew')}
      onClose={() => onClose(false)}
      data-testid="notice-editor"
      extra={
        <Space>
          {!notice && (
            <Button onClick={() => void save(true)} loading={isSaving} data-testid="notice-draft">
              {t('notices.editor.draft')}
            </Button>
          )}
          <Button
            type="primary"
            onClick={() => void save(false)}
            loading={isSaving}
            data-testid="notice-submit"
          >
            {notice ? t('notices.editor.save') : t('notices.editor.submit')}
          </Button>
        </Space>
      }
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          title: notice?.title ?? '',
          body: notice?.body ?? '',
          publishAt: notice?.publishAt ? dayjs(notice.publishAt) : null,
          expiresAt: notice?.expiresAt ? dayjs(notice.expiresAt) : null,
          pinned: notice?.pinned ?? false,
          urgent: notice?.urgent ?? false,
        }}
      >
        <Form.Item
          name="title"
          label={t('notices.editor.title')}
          rules={[{ required: true, whitespace: true, message: t('notices.editor.titleRequired') }]}
        >
          <Input maxLength={NOTICE_TITLE_MAX} showCount data-testid="notice-title" />
        </Form.Item>
        <Tabs
          items={[
            {
              key: 'write',
              label: t('notices.editor.write'),
              children: (
                <Form.Item name="body" extra={t('notices.editor.bodyHelp')}>
                  <Input.TextArea
                    rows={10}
                    maxLength={NOTICE_BODY_MAX}
                    showCount
                    data-testid="notice-body"
                  />
                </Form.Item>
              ),
            },
            {
              key: 'preview',
              label: t('notices.editor.preview'),
              children: <NoticeMarkdown source={body} testId="notice-preview" />,
            },
          ]}
        />
        <Form.Item label={t('notices.editor.targets')} required>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Space.Compact style={{ width: '100%' }}>
              <AreaTreeSelect
                roots={scopeRoots(me, NOTICE_AUTHOR_ROLES)}
                value={picked}
                onChange={setPicked}
                placeholder={t('notices.editor.areas')}
                testId="notice-area-picker"
              />
              <Button onClick={() => void addArea()} data-testid="notice-add-area">
                {t('notices.editor.addArea')}
              </Button>
            </Space.Compact>
            <div>
              {areas.map((a) => (
                <Tag
                  key={a.code}
                  closable
                  onClose={() => setAreas(areas.filter((x) => x.code !== a.code))}
                >
                  {a.name}
                </Tag>
              ))}
            </div>
            <Select
              mode="multiple"
              style={{ width: '100%' }}
              placeholder={
                buildingArea ? t('notices.editor.buildings') : t('notices.editor.buildingsArea')
              }
              value={buildingIds}
              onChange={setBuildingIds}
              options={[
                ...buildings.map((b) => ({ value: b.id, label: `${b.compoundName} ${b.name}` })),
                ...(notice?.targets ?? [])
                  .filter((x) => x.kind === 'building' && !buildings.some((b) => b.id === x.id))
                  .map((x) => ({ value: x.id, label: x.name })),
              ]}
              data-testid="notice-buildings"
            />
          </Space>
        </Form.Item>
        <Form.Item label={t('notices.editor.photos')}>
          <Space wrap>
            {photos.map((p) => (
              <Space key={p.id} direction="vertical" size={0} align="center">
                <Image src={p.thumb} width={72} height={72} style={{ objectFit: 'cover' }} />
                <Button
                  size="small"
                  type="link"
                  onClick={() => setPhotos(photos.filter((x) => x.id !== p.id))}
                >
                  ×
                </Button>
              </Space>
            ))}
            <Upload
              accept="image/*"
              showUploadList={false}
              disabled={photos.length >= 9}
              customRequest={({ file }) => {
                uploadNoticePhoto(file as File).then(
                  (p) => setPhotos((list) => [...list, { id: p.id, thumb: p.urls.thumb }]),
                  (e: unknown) => message.error(describeError(e, t)),
                );
              }}
            >
              <Button icon={<PictureOutlined />}>{t('notices.editor.upload')}</Button>
            </Upload>
          </Space>
        </Form.Item>
        <Form.Item
          label={t('notices.editor.attachments')}
          extra={t('notices.editor.attachmentsHelp')}
        >
          <AttachmentUpload value={files} onChange={setFiles} />
        </Form.Item>
        <Space wrap size="large">
          <Form.Item
            name="publishAt"
            label={t('notices.editor.publishAt')}
            extra={t('notices.editor.publishAtHelp')}
          >
            <DatePicker showTime data-testid="notice-publish-at" />
          </Form.Item>
          <Form.Item name="expiresAt" label={t('notices.editor.expiresAt')}>
            <DatePicker showTime />
          </Form.Item>
          <Form.Item name="pinned" label={t('notices.editor.pinned')} valuePropName="checked">
            <Switch data-testid="notice-pinned" />
          </Form.Item>
          <Form.Item name="urgent" label={t('notices.editor.urgent')} valuePropName="checked">
            <Switch data-testid="notice-urgent" />
          </Form.Item>
        </Space>
      </Form>
    </Drawer>
  );
}
