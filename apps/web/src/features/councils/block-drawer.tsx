import { BLOCK_NAME_MAX, type Area, type Block } from '@cc/contracts';
import { App, Form, Input, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { areasApi, useRequest } from '../../lib/api';
import { areaName } from '../../lib/format';
import { BlockDrawField } from './block-draw-field';
import { fromBoundary, shapeProblem, toBoundary, type ShapePoint } from './block-shape';
import { createBlock } from './councils-api';
import { FormDrawer, useSend } from '../../lib/sending';

interface BlockValues {
  name: string;
  frontage?: string;
  areaCodes: string[];
  boundary: ShapePoint[];
}

/** The committees of the street, and the compounds of those chosen, to pick from. */
function useStreetAreas(street: string, chosen: readonly string[]) {
  const committees = useRequest((signal) => areasApi.listChildren(street, signal), [street]);
  const committeeItems = (committees.data?.items ?? []).filter((a) => a.level === 'committee');
  const chosenCommittees = committeeItems.filter((c) => chosen.includes(c.code)).map((c) => c.code);
  const key = chosenCommittees.join(',');
  const compounds = useRequest(
    async (signal) => {
      const lists = await Promise.all(
        key.split(',').map((code) => areasApi.listChildren(code, signal)),
      );
      return lists.flatMap((l) => l.items.filter((a) => a.level === 'compound'));
    },
    [key],
    key !== '',
  );
  return {
    committees: committeeItems,
    compounds: key === '' ? [] : (compounds.data ?? []),
    isLoading: committees.isLoading || compounds.isLoading,
  };
}

/**
 * 新建街区: a name, the frontage it covers, the committees and compounds of the street, and
 * its outline drawn on the street's map. The server checks the outline is a simple polygon
 * inside the street; its refusals are shown beside the field they name.
 */
export function BlockDrawer({
  street,
  blocks,
  onClose,
  onCreated,
}: {
  street: { code: string; name: string };
  blocks: readonly Block[];
  onClose: () => void;
  onCreated: (block: Block) => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<BlockValues>();
  const sending = useSend(form, ['name', 'frontage', 'areaCodes', 'boundary'], {
    // `boundary.coordinates.0.3`, `areaCodes.2`: shown on the field as a whole
    toName: (path) => path[0] as string,
  });
  const chosen = Form.useWatch('areaCodes', form) ?? [];
  const [isAreaListOpen, setAreaListOpen] = useState(false);
  const areas = useStreetAreas(street.code, chosen);
  const option = (a: Area) => ({ value: a.code, label: areaName(a, i18n.language) });

  const send = (v: BlockValues) =>
    sending.send(async () => {
      const block = await createBlock({
        streetCode: street.code,
        name: v.name.trim(),
        ...(v.frontage?.trim() ? { frontage: v.frontage.trim() } : {}),
        areaCodes: v.areaCodes,
        boundary: toBoundary(v.boundary),
      });
      void message.success(t('councils.block.created', { name: block.name }));
      onCreated(block);
    });

  return (
    <FormDrawer
      title={t('councils.block.create', { street: street.name })}
      size={720}
      submitText={t('councils.block.submit')}
      submitTestId="block-submit"
      testId="block-drawer"
      sending={sending}
      onSubmit={() => form.submit()}
      onClose={onClose}
    >
      <Form<BlockValues>
        form={form}
        layout="vertical"
        initialValues={{ areaCodes: [], boundary: [] }}
        onFinish={(v) => void send(v)}
      >
        <Form.Item
          name="name"
          label={t('councils.block.name')}
          rules={[{ required: true, whitespace: true, message: t('councils.block.nameRule') }]}
        >
          <Input maxLength={BLOCK_NAME_MAX} data-testid="block-name-input" />
        </Form.Item>
        <Form.Item name="frontage" label={t('councils.block.frontage')}>
          <Input
            maxLength={200}
            placeholder={t('councils.block.frontageHint')}
            data-testid="block-frontage-input"
          />
        </Form.Item>
        <Form.Item
          name="areaCodes"
          label={t('councils.block.areas')}
          extra={t('councils.block.areasHelp')}
          rules={[
            { required: true, type: 'array', min: 1, message: t('councils.block.areasRule') },
          ]}
        >
          <Select
            mode="multiple"
            // closed after each pick, so the list never lies over the map below it
            open={isAreaListOpen}
            onOpenChange={setAreaListOpen}
            onSelect={() => setAreaListOpen(false)}
            loading={areas.isLoading}
            optionFilterProp="label"
            options={[
              {
                label: t('councils.block.committees'),
                options: areas.committees.map(option),
              },
              ...(areas.compounds.length > 0
                ? [{ label: t('councils.block.compounds'), options: areas.compounds.map(option) }]
                : []),
            ]}
            data-testid="block-area-select"
          />
        </Form.Item>
        <Form.Item
          name="boundary"
          label={t('councils.block.boundary')}
          rules={[
            {
              validator: (_, points: ShapePoint[] | undefined) => {
                const wrong = shapeProblem(points ?? []);
                return wrong
                  ? Promise.reject(new Error(t(`councils.block.problem.${wrong}`)))
                  : Promise.resolve();
              },
            },
          ]}
        >
          <BlockDrawField
            streetCode={street.code}
            outlines={blocks.map((b) => fromBoundary(b.boundary))}
          />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
