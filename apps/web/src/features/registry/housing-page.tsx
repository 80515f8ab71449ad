import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  OCCUPANCIES,
  type Area,
  type Building,
  type BuildingBody,
  type Occupancy,
  type Room,
  type RoomBody,
  type RoomList,
  type RoomPatch,
} from '@cc/contracts';
import {
  Alert,
  App as AntApp,
  Button,
  Col,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Table,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { ListCard, ListPage } from '../../components/list-page';
import { areasApi, describeError, useRequest } from '../../lib/api';
import { areaName } from '../../lib/format';
import { useMe } from '../../lib/session';
import { ExportMenu } from './export-menu';
import { FormModal } from './form-modal';
import { createBuilding, createRoom, listRooms, patchRoom } from './registry-api';
import { isCommitteeLevel, RegistryHead, useRegistryArea } from './registry-head';
import { codeLabel, codeOptions } from './registry-labels';
import { canBrowsePeople, canEditRegistry } from './registry-roles';
import { BuildingSelect, useBuildings } from './room-picker';
import { RoomOwnersPanel } from './room-owners-panel';
import './registry.css';

const PAGE_SIZE = 100;
const UUID = /^[0-9a-f-]{36}$/i;

interface BuildingValues {
  compoundCode?: string;
  name?: string;
  floors?: number | null;
  lng?: number | null;
  lat?: number | null;
}

const BUILDING_FIELDS = ['compoundCode', 'name', 'floors', 'lng', 'lat'];

/** 新增楼栋: a building of one of the committee's compounds, optionally where it stands. */
function BuildingModal({
  area,
  isOpen,
  onClose,
  onSaved,
}: {
  area: { code: string; level: string };
  isOpen: boolean;
  onClose: () => void;
  onSaved: (building: Building) => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const isCompound = area.level === 'compound';
  // compounds lie under the committee, or under its grids
  const compounds = useRequest(
    async (signal) => {
      const found: Area[] = [];
      let level = (await areasApi.listChildren(area.code, signal)).items;
      for (let depth = 0; depth < 2 && level.length > 0; depth++) {
        found.push(...level.filter((a) => a.level === 'compound'));
        const grids = level.filter((a) => a.level === 'grid');
        const below = await Promise.all(grids.map((g) => areasApi.listChildren(g.code, signal)));
        level = below.flatMap((list) => list.items);
      }
      return found;
    },
    [area.code],
    isOpen && !isCompound,
  );
  const compoundOptions = (compounds.data ?? []).map((a) => ({
    value: a.code,
    label: areaName(a, i18n.language),
  }));

  async function submit(values: BuildingValues) {
    const body: BuildingBody = {
      compoundCode: isCompound ? area.code : (values.compoundCode ?? ''),
      name: values.name?.trim() ?? '',
      ...(values.floors ? { floors: values.floors } : {}),
      ...(values.lng !== null && values.lng !== undefined ? { lng: values.lng } : {}),
      ...(values.lat !== null && values.lat !== undefined ? { lat: values.lat } : {}),
    };
    const saved = await createBuilding(body);
    void message.success(t('registry.housing.buildingCreated'));
    onSaved(saved);
  }

  return (
    <FormModal<BuildingValues>
      isOpen={isOpen}
      title={t('registry.housing.addBuilding')}
      okText={t('registry.form.create')}
      submitTestId="building-submit"
      fields={BUILDING_FIELDS}
      onSubmit={submit}
      onClose={onClose}
    >
      {isCompound ? null : (
        <Form.Item
          name="compoundCode"
          label={t('registry.field.compound')}
          rules={[{ required: true, message: t('registry.housing.compoundRequired') }]}
        >
          <Select
            options={compoundOptions}
            loading={compounds.isLoading}
            notFoundContent={t('registry.housing.noCompounds')}
            data-testid="building-compound"
          />
        </Form.Item>
      )}
      <Form.Item
        name="name"
        label={t('registry.field.buildingName')}
        rules={[{ required: true, whitespace: true, message: t('registry.housing.nameRequired') }]}
      >
        <Input maxLength={40} placeholder="12号楼" data-testid="building-name" />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} sm={8}>
          <Form.Item name="floors" label={t('registry.field.floors')}>
            <InputNumber min={1} max={200} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item name="lng" label={t('registry.field.lng')}>
            <InputNumber min={120} max={123} step={0.0001} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item name="lat" label={t('registry.field.lat')}>
            <InputNumber min={30} max={32.5} step={0.0001} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
    </FormModal>
  );
}

interface RoomValues {
  buildingId?: string;
  unit?: string;
  number?: string;
  floor?: number | null;
  floorArea?: number | null;
  use?: RoomBody['use'];
  ownership?: RoomBody['ownership'];
  occupancy?: RoomBody['occupancy'];
}

const ROOM_FIELDS = [
  'buildingId',
  'unit',
  'number',
  'floor',
  'floorArea',
  'use',
  'ownership',
  'occupancy',
];

/** 新增房屋 / 编辑房屋: a room of a building; editing changes all but the building. */
function RoomModal({
  buildings,
  room,
  isOpen,
  onClose,
  onSaved,
}: {
  buildings: readonly Building[];
  /** the room to edit; none to add one */
  room: Room | undefined;
  isOpen: boolean;
  onClose: () => void;
  onSaved: (room: Room) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const { message } = AntApp.useApp();

  async function submit(values: RoomValues) {
    let saved: Room;
    if (room) {
      const patch: RoomPatch = {};
      if ((values.unit ?? '') !== room.unit) patch.unit = values.unit?.trim() ?? '';
      if (values.number && values.number.trim() !== room.number)
        patch.number = values.number.trim();
      if (values.floor !== undefined && values.floor !== null && values.floor !== room.floor)
        patch.floor = values.floor;
      if (values.floorArea && values.floorArea !== room.floorArea)
        patch.floorArea = values.floorArea;
      if (values.use && values.use !== room.use) patch.use = values.use;
      if (values.ownership && values.ownership !== room.ownership)
        patch.ownership = values.ownership;
      if (values.occupancy && values.occupancy !== room.occupancy)
        patch.occupancy = values.occupancy;
      if (Object.keys(patch).length === 0) throw new Error(t('registry.form.nothingChanged'));
      saved = await patchRoom(room.id, patch);
      void message.success(t('registry.form.saved'));
    } else {
      const body: RoomBody = {
        buildingId: values.buildingId ?? '',
        number: values.number?.trim() ?? '',
        use: values.use ?? 'residential',
        ownership: values.ownership ?? 'private',
        occupancy: values.occupancy ?? 'owner_occupied',
        ...(values.unit?.trim() ? { unit: values.unit.trim() } : {}),
        ...(values.floor !== null && values.floor !== undefined ? { floor: values.floor } : {}),
        ...(values.floorArea ? { floorArea: values.floorArea } : {}),
      };
      saved = await createRoom(body);
      void message.success(t('registry.housing.roomCreated'));
    }
    onSaved(saved);
  }

  const required = (key: string) => [{ required: true, message: t(key) }];
  return (
    <FormModal<RoomValues>
      isOpen={isOpen}
      title={room ? t('registry.housing.editRoom') : t('registry.housing.addRoom')}
      okText={room ? t('registry.form.save') : t('registry.form.create')}
      submitTestId="room-submit"
      fields={ROOM_FIELDS}
      onSubmit={submit}
      onClose={onClose}
      initialValues={
        room
          ? {
              buildingId: room.buildingId,
              unit: room.unit,
              number: room.number,
              floor: room.floor,
              floorArea: room.floorArea,
              use: room.use,
              ownership: room.ownership,
              occupancy: room.occupancy,
            }
          : { use: 'residential', ownership: 'private', occupancy: 'owner_occupied' }
      }
    >
      <Form.Item
        name="buildingId"
        label={t('registry.field.building')}
        rules={required('registry.move.buildingRequired')}
      >
        <BuildingSelect
          buildings={buildings}
          allowClear={false}
          isDisabled={!!room}
          testId="room-building"
        />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={12} sm={8}>
          <Form.Item name="unit" label={t('registry.field.unit')}>
            <Input maxLength={20} placeholder="2单元" />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item
            name="number"
            label={t('registry.field.roomNumber')}
            rules={[
              { required: true, whitespace: true, message: t('registry.housing.numberRequired') },
            ]}
          >
            <Input maxLength={20} placeholder="301" data-testid="room-number" />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item name="floor" label={t('registry.field.floor')}>
            <InputNumber min={-5} max={200} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item name="floorArea" label={t('registry.field.floorArea')}>
            <InputNumber min={0.01} max={100000} step={0.5} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item
            name="use"
            label={t('registry.field.use')}
            rules={required('registry.housing.useRequired')}
          >
            <Select options={codeOptions('use', language)} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item
            name="ownership"
            label={t('registry.field.ownership')}
            rules={required('registry.housing.ownershipRequired')}
          >
            <Select options={codeOptions('ownership', language)} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item
            name="occupancy"
            label={t('registry.field.occupancy')}
            rules={required('registry.housing.occupancyRequired')}
          >
            <Select options={codeOptions('occupancy', language)} data-testid="room-occupancy" />
          </Form.Item>
        </Col>
      </Row>
    </FormModal>
  );
}

/**
 * /registry/:code/housing — a committee's (or compound's) buildings and rooms (房屋): who
 * lives where, how each room is used and occupied; add buildings and rooms, edit rooms.
 */
export function HousingPage() {
  const { code = '' } = useParams();
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const me = useMe();
  const { message } = AntApp.useApp();
  const [params, setParams] = useSearchParams();
  const head = useRegistryArea(code);
  const buildings = useBuildings(code);
  const canEdit = canEditRegistry(me) && isCommitteeLevel(head.area);
  const [isAddingBuilding, setIsAddingBuilding] = useState(false);
  const [roomDialog, setRoomDialog] = useState<{ room: Room | undefined } | undefined>();
  const [ownersRoom, setOwnersRoom] = useState<Room>();

  const building = UUID.test(params.get('building') ?? '')
    ? (params.get('building') ?? undefined)
    : undefined;
  const occupancy = OCCUPANCIES.find((o) => o === params.get('occupancy'));
  const key = `${code}|${building ?? ''}|${occupancy ?? ''}`;
  const first = useRequest(
    async (signal) => ({
      key,
      list: await listRooms({ area: code, building, occupancy, limit: PAGE_SIZE }, signal),
    }),
    [key],
  );
  const [more, setMore] = useState<{ key: string } & RoomList>();
  const [isLoadingMore, setIsLoadingMore] = useState(false);
  const base = first.data?.key === key ? first.data.list : undefined;
  const extra = more?.key === key ? more : undefined;
  // the server pages by id; people read rooms in order of their address
  const rooms = useMemo(
    () =>
      (base ? [...base.items, ...(extra?.items ?? [])] : []).sort((a, b) =>
        a.label.localeCompare(b.label, 'zh-CN', { numeric: true }),
      ),
    [base, extra],
  );
  const nextCursor = extra ? extra.nextCursor : (base?.nextCursor ?? null);

  const reloadRooms = () => {
    setMore(undefined);
    first.reload();
  };

  async function loadMore() {
    if (!nextCursor) return;
    setIsLoadingMore(true);
    try {
      const page = await listRooms({
        area: code,
        building,
        occupancy,
        limit: PAGE_SIZE,
        cursor: nextCursor,
      });
      setMore({
        key,
        items: [...(extra?.items ?? []), ...page.items],
        nextCursor: page.nextCursor,
      });
    } catch (error) {
      void message.error(describeError(error, t));
    } finally {
      setIsLoadingMore(false);
    }
  }

  const setFilter = (name: 'building' | 'occupancy', value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next);
  };

  const buildingColumns: TableColumnsType<Building> = [
    { title: t('registry.field.compound'), dataIndex: 'compoundName', responsive: ['sm'] },
    {
      title: t('registry.field.buildingName'),
      dataIndex: 'name',
      render: (name: string, b) => (
        <Button
          type="link"
          size="small"
          style={{ padding: 0 }}
          onClick={() => setFilter('building', b.id)}
        >
          {name}
        </Button>
      ),
    },
    {
      title: t('registry.field.floors'),
      dataIndex: 'floors',
      width: 70,
      align: 'right',
      responsive: ['md'],
    },
    { title: t('registry.housing.rooms'), dataIndex: 'rooms', width: 80, align: 'right' },
    { title: t('registry.housing.residents'), dataIndex: 'residents', width: 80, align: 'right' },
  ];

  const roomColumns: TableColumnsType<Room> = [
    {
      title: t('registry.field.room'),
      dataIndex: 'label',
      // 产权人: the room's owners on record, for those who may see people here
      render: (label: string, room: Room) =>
        canBrowsePeople(me) ? (
          <Button
            type="link"
            size="small"
            style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }}
            aria-label={t('registryOwners.openRoom', { room: label })}
            onClick={() => setOwnersRoom(room)}
            data-testid={`room-owners-${room.id}`}
          >
            {label}
          </Button>
        ) : (
          label
        ),
    },
    {
      title: t('registry.field.floor'),
      dataIndex: 'floor',
      width: 64,
      align: 'right',
      responsive: ['md'],
    },
    {
      title: t('registry.field.floorArea'),
      dataIndex: 'floorArea',
      width: 100,
      align: 'right',
      responsive: ['md'],
      render: (area: number | null) => (area === null ? t('common.none') : area),
    },
    {
      title: t('registry.field.use'),
      dataIndex: 'use',
      width: 100,
      responsive: ['lg'],
      render: (use: Room['use']) => codeLabel('use', use, language),
    },
    {
      title: t('registry.field.ownership'),
      dataIndex: 'ownership',
      width: 110,
      responsive: ['lg'],
      render: (o: Room['ownership']) => codeLabel('ownership', o, language),
    },
    {
      title: t('registry.field.occupancy'),
      dataIndex: 'occupancy',
      width: 120,
      render: (o: Occupancy) => codeLabel('occupancy', o, language),
    },
    { title: t('registry.housing.residents'), dataIndex: 'residents', width: 70, align: 'right' },
    ...(canEdit
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 70,
            render: (_: unknown, room: Room) => (
              <Button
                type="link"
                size="small"
                icon={<EditOutlined />}
                aria-label={t('registry.housing.editRoom')}
                onClick={() => setRoomDialog({ room })}
                data-testid={`room-edit-${room.id}`}
              />
            ),
          },
        ]
      : []),
  ];

  return (
    <ListPage
      className="cc-reg"
      testId="registry-housing"
      head={
        <RegistryHead
          area={head.area}
          chain={head.chain}
          people={canBrowsePeople(me)}
          section="housing"
          tools={
            <>
              {canEdit ? (
                <>
                  <Button
                    icon={<PlusOutlined />}
                    onClick={() => setIsAddingBuilding(true)}
                    data-testid="building-add"
                  >
                    {t('registry.housing.addBuilding')}
                  </Button>
                  <Button
                    type="primary"
                    icon={<PlusOutlined />}
                    disabled={buildings.items.length === 0}
                    onClick={() => setRoomDialog({ room: undefined })}
                    data-testid="room-add"
                  >
                    {t('registry.housing.addRoom')}
                  </Button>
                </>
              ) : null}
              {canBrowsePeople(me) && isCommitteeLevel(head.area) ? (
                <ExportMenu kind="housing" area={code} canReveal={false} />
              ) : null}
            </>
          }
        />
      }
    >
      {head.area && !isCommitteeLevel(head.area) ? (
        <Alert type="info" showIcon title={t('registry.housing.committeeOnly')} />
      ) : null}
      <ListCard
        error={buildings.error}
        hasData={buildings.items.length > 0}
        onRetry={buildings.reload}
        isCompact
        hasStaleAlert={false}
        className="cc-reg-card"
        title={t('registry.housing.buildings')}
      >
        <Table<Building>
          rowKey="id"
          size="small"
          columns={buildingColumns}
          dataSource={buildings.items}
          loading={buildings.isLoading}
          pagination={buildings.items.length > 20 ? { pageSize: 20, size: 'small' } : false}
          locale={{ emptyText: t('registry.housing.noBuildings') }}
          data-testid="buildings-table"
        />
      </ListCard>
      <ListCard
        error={first.error}
        hasData={!!base}
        onRetry={reloadRooms}
        isCompact
        hasStaleAlert={false}
        className="cc-reg-card"
        title={t('registry.housing.roomsTitle')}
        extra={
          <Space wrap size={8}>
            <div style={{ minWidth: 160 }}>
              <BuildingSelect
                buildings={buildings.items}
                value={building}
                onChange={(v) => setFilter('building', v)}
                placeholder={t('registry.housing.anyBuilding')}
                testId="rooms-building"
              />
            </div>
            <Select
              allowClear
              style={{ minWidth: 120 }}
              value={occupancy}
              placeholder={t('registry.housing.anyOccupancy')}
              onChange={(v: string | undefined) => setFilter('occupancy', v)}
              options={codeOptions('occupancy', language)}
              data-testid="rooms-occupancy"
            />
          </Space>
        }
      >
        <Table<Room>
          rowKey="id"
          size="small"
          columns={roomColumns}
          dataSource={rooms}
          loading={first.isLoading}
          pagination={false}
          locale={{ emptyText: t('registry.housing.noRooms') }}
          data-testid="rooms-table"
        />
        {nextCursor ? (
          <div className="cc-reg-more">
            <Button
              onClick={() => void loadMore()}
              loading={isLoadingMore}
              data-testid="rooms-more"
            >
              {t('registry.residents.loadMore')}
            </Button>
          </div>
        ) : null}
        {base ? (
          <Typography.Text type="secondary">
            {nextCursor
              ? t('registry.housing.shownMore', { count: rooms.length })
              : t('registry.housing.shown', { count: rooms.length })}
          </Typography.Text>
        ) : null}
      </ListCard>
      <RoomOwnersPanel room={ownersRoom} onClose={() => setOwnersRoom(undefined)} />
      {head.area && canEdit ? (
        <BuildingModal
          area={head.area}
          isOpen={isAddingBuilding}
          onClose={() => setIsAddingBuilding(false)}
          onSaved={() => {
            setIsAddingBuilding(false);
            buildings.reload();
          }}
        />
      ) : null}
      {canEdit ? (
        <RoomModal
          buildings={buildings.items}
          room={roomDialog?.room}
          isOpen={!!roomDialog}
          onClose={() => setRoomDialog(undefined)}
          onSaved={() => {
            setRoomDialog(undefined);
            reloadRooms();
            buildings.reload();
          }}
        />
      ) : null}
    </ListPage>
  );
}
