import { PlusOutlined } from '@ant-design/icons';
import type { HotlineCategory, HotlineCategoryList, Taxonomy } from '@cc/contracts';
import { Button, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { ListCard } from '../../components/list-page';
import { RowButton, useRowSteps } from '../../components/managed-list';
import { RefreshButton, rowData } from '../../components/page-parts';
import type { RequestState } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { answerTexts, scenarioName } from '../../lib/scenarios';
import { deleteCategory } from './hotline-api';
import type { CategoryDraft } from './category-modal';

/**
 * 分类对应: each of the hotline's categories, the scenario its orders become and the answers they
 * get; adding, changing and removing one is the city's administrators' (`canManage`).
 */
export function CategoriesCard({
  categories,
  taxonomy,
  canManage,
  onMap,
}: {
  categories: RequestState<HotlineCategoryList>;
  taxonomy: Taxonomy | undefined;
  canManage: boolean;
  onMap: (draft: CategoryDraft) => void;
}) {
  const { t, i18n } = useTranslation();
  const steps = useRowSteps(categories.reload);
  const scenarioOf = (code: string) => taxonomy?.scenarios.find((s) => s.code === code);

  const columns: TableColumnsType<HotlineCategory> = [
    {
      title: t('hotline.categories.category'),
      dataIndex: 'category',
      width: 180,
      render: (category: string) => (
        <Typography.Text strong data-user-text>
          {category}
        </Typography.Text>
      ),
    },
    {
      title: t('hotline.categories.scenario'),
      dataIndex: 'scenarioCode',
      width: 220,
      render: (code: string) => {
        const scenario = scenarioOf(code);
        if (scenario)
          return (
            <span data-testid="hotline-category-scenario-name">
              {scenarioName(scenario, i18n.language)}
            </span>
          );
        // the taxonomy moved on (or is not read yet): its orders are held back until remapped
        return taxonomy ? (
          <Tag color="red">{t('hotline.categories.scenarioGone')}</Tag>
        ) : (
          <Typography.Text code>{code}</Typography.Text>
        );
      },
    },
    {
      title: t('hotline.categories.answers'),
      dataIndex: 'attributes',
      render: (_, c) => {
        const texts = answerTexts(scenarioOf(c.scenarioCode), c.attributes, i18n.language);
        return texts.length > 0 ? (
          texts.map((text) => (
            <div key={text} data-testid="hotline-category-answer">
              {text}
            </div>
          ))
        ) : (
          <Typography.Text type="secondary">
            {t('hotline.categories.noAnswersShort')}
          </Typography.Text>
        );
      },
    },
    {
      title: t('hotline.categories.updatedAt'),
      dataIndex: 'updatedAt',
      width: 170,
      responsive: ['lg'],
      render: (iso: string) => formatDateTime(iso, i18n.language),
    },
    ...(canManage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 150,
            render: (_: unknown, c: HotlineCategory) => (
              <Space size={4} wrap>
                <RowButton
                  id={c.category}
                  testId="hotline-category-edit"
                  onClick={() => onMap({ mapping: c })}
                >
                  {t('hotline.categories.edit')}
                </RowButton>
                <RowButton
                  id={c.category}
                  testId="hotline-category-delete"
                  isDanger
                  isDisabled={steps.isBusy}
                  onClick={() =>
                    steps.confirm({
                      title: t('hotline.categories.deleteTitle', { category: c.category }),
                      content: t('hotline.categories.deleteConfirm'),
                      okText: t('hotline.categories.delete'),
                      okTestId: 'hotline-category-delete-confirm',
                      isDanger: true,
                      call: () => deleteCategory(c.category),
                      done: t('hotline.categories.deleted', { category: c.category }),
                    })
                  }
                >
                  {t('hotline.categories.delete')}
                </RowButton>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <ListCard
      title={t('hotline.categories.title')}
      error={categories.error}
      hasData={!!categories.data}
      onRetry={categories.reload}
      toolbar={<Typography.Text type="secondary">{t('hotline.categories.intro')}</Typography.Text>}
      actions={
        <Space>
          <RefreshButton onClick={categories.reload} />
          {canManage ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => onMap({})}
              data-testid="hotline-category-create"
            >
              {t('hotline.categories.create')}
            </Button>
          ) : null}
        </Space>
      }
    >
      <Table<HotlineCategory>
        rowKey="category"
        size="small"
        columns={columns}
        dataSource={categories.data?.items ?? []}
        loading={categories.isLoading}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 760 }}
        locale={{ emptyText: t('hotline.categories.empty') }}
        data-testid="hotline-categories-table"
        onRow={(c) =>
          rowData('hotline-category-row', {
            'data-category': c.category,
            'data-scenario': c.scenarioCode,
          })
        }
      />
    </ListCard>
  );
}
