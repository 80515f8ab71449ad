import { BLOCK_NAME_MAX, type Area, type Block } from '@cc/contracts';
import { App, Form, Input, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { areasApi, useRequest } from '../../lib/api';
import { areaName } from '../../lib/format';
import { BlockDrawField } from './block-draw-field';
import { fromBoundary, shapeProblem, toBoundary, type ShapePoint } from './block-shape';
import { createBlock, updateBlock } from './councils-api';
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
 * inside the street; its refusals are shown beside the field they name. Given `block`, the
 * drawer changes that block instead (修改街区): its fields start from the block's values, its
 * outline drawn again point by point the same way; `blocks` are the other blocks, shown dashed.
 */
export function BlockDrawer({
  street,
  block,
  blocks,
  onClose,
  onSaved,
}: {
  street: { code: string; name: string };
  block?: Block;
  blocks: readonly Block[];
  onClose: () => void;
  onSaved: (block: Block) => void;
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
  // the block's own compounds whose committee is not chosen are not listed by the street:
  // offered by the names the block carries, so they show by name rather than by code
  const listed = new Set([...areas.committees, ...areas.compounds].map((a) => a.code));
  const ownAreas = (block?.areas ?? [])
    .filter((a) => !listed.has(a.code))
    .map((a) => ({ value: a.code, label: a.name }));
  const compoundOptions = [...areas.compounds.map(option), ...ownAreas];
  const initialValues: Partial<BlockValues> = block
    ? {
        name: block.name,
        frontage: block.frontage,
        areaCodes: block.areas.map((a) => a.code),
        boundary: fromBoundary(block.boundary),
      }
    : { areaCodes: [], boundary: [] };

  const send = (v: BlockValues) =>
    sending.send(async () => {
      const body = {
        name: v.name.trim(),
        areaCodes: v.areaCodes,
        boundary: toBoundary(v.boundary),
      };
      const frontage = v.frontage?.trim() ?? '';
      const saved = block
        ? // a change replaces the frontage too: left empty, the block has none
          await updateBlock(block.id, { ...body, frontage })
        : await createBlock({
            streetCode: street.code,
            ...body,
            ...(frontage ? { frontage } : {}),
          });
      void message.success(
        t(block ? 'councils.block.updated' : 'councils.block.created', { name: saved.name }),
      );
      onSaved(saved);
    });

  return (
    <FormDrawer
      title={block ? t('councils.block.edit') : t('councils.block.create', { street: street.name })}
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
        initialValues={initialValues}
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
              ...(compoundOptions.length > 0
                ? [{ label: t('councils.block.compounds'), options: compoundOptions }]
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
            outlines={blocks.filter((b) => b.id !== block?.id).map((b) => fromBoundary(b.boundary))}
          />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
