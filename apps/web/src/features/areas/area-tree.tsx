import type { Area } from '@cc/contracts';
import { Tree, Typography, type TreeDataNode } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState, type Key } from 'react';
import { useTranslation } from 'react-i18next';
import { areasApi, describeError, isSessionEnded } from '../../lib/api';
import { areaName } from '../../lib/format';
import { useLatest } from '../../lib/use-latest';

interface Props {
  rootCode: string;
  selectedCode: string;
  /** Ancestors of the selected area (city first), to open the tree down to it. */
  chain: readonly Area[] | undefined;
  onSelect: (code: string) => void;
  onError: (message: string) => void;
}

/** The areas from the root down to the selected one's parent, when the root is above it. */
function pathDown(
  chain: readonly Area[] | undefined,
  rootCode: string,
  selectedCode: string,
): readonly string[] | undefined {
  if (!chain || selectedCode === rootCode) return undefined;
  const codes = chain.map((area) => area.code);
  const start = codes.indexOf(rootCode);
  return start < 0 ? undefined : codes.slice(start);
}

/**
 * The area tree from the person's root, loading children when a node opens.
 * Navigating elsewhere (map click, link) opens the path to the selected area.
 */
export function AreaTree({ rootCode, selectedCode, chain, onSelect, onError }: Props) {
  const { t, i18n } = useTranslation();
  const [areas, setAreas] = useState<Record<string, Area>>({});
  const [children, setChildren] = useState<Record<string, string[]>>({});
  const [expandedKeys, setExpandedKeys] = useState<Key[]>([rootCode]);
  const pending = useRef(new Map<string, Promise<void>>());
  const latest = useLatest({ onError });

  const ensureChildren = useCallback(
    (code: string): Promise<void> => {
      const running = pending.current.get(code);
      if (running) return running;
      const promise = areasApi.listChildren(code).then(
        ({ items }) => {
          setAreas((current) => ({
            ...current,
            ...Object.fromEntries(items.map((area) => [area.code, area])),
          }));
          setChildren((current) => ({ ...current, [code]: items.map((area) => area.code) }));
        },
        (error: unknown) => {
          pending.current.delete(code);
          if (!isSessionEnded(error)) latest.current.onError(describeError(error, t));
        },
      );
      pending.current.set(code, promise);
      return promise;
    },
    [latest, t],
  );

  // The root itself.
  useEffect(() => {
    const controller = new AbortController();
    areasApi.getArea(rootCode, controller.signal).then(
      (detail) => setAreas((current) => ({ ...current, [rootCode]: detail.area })),
      (error: unknown) => {
        if (!controller.signal.aborted && !isSessionEnded(error)) {
          latest.current.onError(describeError(error, t));
        }
      },
    );
    void ensureChildren(rootCode);
    return () => controller.abort();
  }, [rootCode, ensureChildren, latest, t]);

  // Open the path from the root down to the selected area, once for each new path.
  const path = useMemo(
    () => pathDown(chain, rootCode, selectedCode),
    [chain, rootCode, selectedCode],
  );
  const [openedPath, setOpenedPath] = useState<readonly string[]>();
  if (path && path !== openedPath) {
    setOpenedPath(path);
    setExpandedKeys((current) => Array.from(new Set([...current, ...path])));
  }
  useEffect(() => {
    for (const code of path ?? []) void ensureChildren(code);
  }, [path, ensureChildren]);

  const treeData = useMemo(() => {
    const build = (code: string, depth: number): TreeDataNode => {
      const area = areas[code];
      const kids = children[code];
      const isLeaf = area?.level === 'room' || (kids !== undefined && kids.length === 0);
      return {
        key: code,
        isLeaf,
        title: (
          <span data-testid={`area-node-${code}`} data-level={area?.level}>
            {area ? areaName(area, i18n.language) : code}
            {area ? (
              <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 6 }}>
                {t(`level.${area.level}`)}
              </Typography.Text>
            ) : null}
          </span>
        ),
        children: kids && depth < 12 ? kids.map((kid) => build(kid, depth + 1)) : undefined,
      };
    };
    return [build(rootCode, 0)];
  }, [areas, children, rootCode, i18n.language, t]);

  const loadedKeys = useMemo(() => Object.keys(children), [children]);

  // Bring the selected node into view once it is drawn (a deep link or a map click),
  // then leave the scrolling to the person.
  const scrolledTo = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (scrolledTo.current === selectedCode) return;
    const node = document.querySelector(`[data-testid="area-node-${CSS.escape(selectedCode)}"]`);
    if (!node) return;
    scrolledTo.current = selectedCode;
    node.scrollIntoView({ block: 'nearest' });
  }, [selectedCode, treeData]);

  return (
    <Tree
      treeData={treeData}
      loadData={(node) => ensureChildren(String(node.key))}
      loadedKeys={loadedKeys}
      expandedKeys={expandedKeys}
      onExpand={(keys) => setExpandedKeys(keys)}
      selectedKeys={[selectedCode]}
      onSelect={(_, info) => onSelect(String(info.node.key))}
      blockNode
      showLine
      data-testid="area-tree"
    />
  );
}
