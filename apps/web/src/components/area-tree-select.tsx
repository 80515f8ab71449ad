import type { Area } from '@cc/contracts';
import { TreeSelect } from 'antd';
import { useEffect, useEffectEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { areasApi, describeError } from '../lib/api';
import { areaName } from '../lib/format';
import type { ScopeRoot } from '../lib/session';

interface Node {
  id: string;
  pId: string | undefined;
  value: string;
  title: string;
  isLeaf: boolean;
  area: Pick<Area, 'code' | 'name' | 'nameEn' | 'level'>;
}

interface Props {
  /** Where the picker starts: the areas of the person's scope. */
  roots: readonly ScopeRoot[];
  value?: string;
  onChange?: (code: string | undefined) => void;
  placeholder?: string;
  isClearable?: boolean;
  testId?: string;
  status?: 'error' | 'warning';
  id?: string;
}

function toNode(
  area: Node['area'],
  parent: string | undefined,
  language: string,
  t: (key: string) => string,
): Node {
  return {
    id: area.code,
    pId: parent,
    value: area.code,
    title: `${areaName(area, language)} · ${t(`level.${area.level}`)}`,
    isLeaf: area.level === 'room',
    area,
  };
}

/**
 * Picks one area from the person's scope; children load when a node opens
 * (GET /api/areas/{code}/children), so the 6,000+ committees never load at once.
 */
export function AreaTreeSelect({
  roots,
  value,
  onChange,
  placeholder,
  isClearable = true,
  testId,
  status,
  id,
}: Props) {
  const { t, i18n } = useTranslation();
  const [nodes, setNodes] = useState<Node[]>([]);
  const [loadError, setLoadError] = useState<string | undefined>();
  const rootKey = roots.map((root) => root.code).join(',');

  // Roots from role bindings carry their names; the city root is looked up.
  const loadRoots = useEffectEvent((signal: AbortSignal) => {
    Promise.all(
      roots.map(async (root): Promise<Node['area']> => {
        if (root.name && root.level) {
          return {
            code: root.code,
            name: root.name,
            nameEn: null,
            level: root.level as Area['level'],
          };
        }
        const detail = await areasApi.getArea(root.code, signal);
        return detail.area;
      }),
    ).then(
      (areas) => setNodes(areas.map((area) => toNode(area, undefined, i18n.language, t))),
      (error: unknown) => {
        if (!signal.aborted) setLoadError(describeError(error, t));
      },
    );
  });
  useEffect(() => {
    const controller = new AbortController();
    loadRoots(controller.signal);
    return () => controller.abort();
    // Roots are compared by their codes, not their identity.
  }, [rootKey]);

  // Relabel when the language changes.
  const treeData = useMemo(
    () =>
      nodes.map((node) => ({
        ...node,
        title: toNode(node.area, node.pId, i18n.language, t).title,
      })),
    [nodes, i18n.language, t],
  );

  async function loadChildren(code: string): Promise<void> {
    try {
      const { items } = await areasApi.listChildren(code);
      setNodes((current) => {
        const known = new Set(current.map((node) => node.id));
        const added = items
          .filter((area) => !known.has(area.code))
          .map((area) => toNode(area, code, i18n.language, t));
        const updated = current.map((node) =>
          node.id === code && items.length === 0 ? { ...node, isLeaf: true } : node,
        );
        return [...updated, ...added];
      });
    } catch (error) {
      setLoadError(describeError(error, t));
    }
  }

  return (
    <TreeSelect<string>
      id={id}
      data-testid={testId}
      treeDataSimpleMode={{ id: 'id', pId: 'pId' }}
      treeData={treeData}
      loadData={(node) => loadChildren(String(node.value))}
      value={value}
      onChange={(next) => onChange?.(next ?? undefined)}
      placeholder={loadError ?? placeholder ?? t('areaPicker.placeholder')}
      status={loadError ? 'error' : status}
      allowClear={isClearable}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeNodeLabelProp="title"
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { maxHeight: 400, overflow: 'auto', minWidth: 280 } } }}
      style={{ width: '100%' }}
      notFoundContent={t('areaPicker.empty')}
    />
  );
}
