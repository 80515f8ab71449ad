import { SearchOutlined } from '@ant-design/icons';
import type { AccountPick } from '@cc/contracts';
import { Button, Input, Space, type FormInstance } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../lib/api';

/**
 * A mobile number box with its 查找 button (Enter finds too): an account to add as a
 * representative or a reviewer. Form.Item passes `value` and `onChange`, and shows the
 * finder's errors below it.
 */
export function PhoneFinder({
  value,
  onChange,
  placeholder,
  findText,
  isFinding,
  onFind,
  inputTestId,
  findTestId,
}: {
  value?: string;
  onChange?: (value: string) => void;
  placeholder: string;
  findText: string;
  isFinding: boolean;
  onFind: () => void;
  inputTestId: string;
  findTestId: string;
}) {
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Input
        value={value}
        onChange={(e) => onChange?.(e.target.value)}
        maxLength={20}
        inputMode="tel"
        placeholder={placeholder}
        onPressEnter={(e) => {
          e.preventDefault();
          onFind();
        }}
        data-testid={inputTestId}
      />
      <Button
        icon={<SearchOutlined />}
        loading={isFinding}
        onClick={onFind}
        data-testid={findTestId}
      >
        {findText}
      </Button>
    </Space.Compact>
  );
}

/** A mainland mobile number as typed (spaces, dashes) → its 11 digits, or null. */
export function mobileDigits(text: string | undefined): string | null {
  const digits = (text ?? '').replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}

/**
 * An account found by the mobile number typed in `form`'s `field` (a `PhoneFinder`): `find`
 * gives it, or null when the number is not a mobile or `pick` refuses (said under the field).
 * 添加成员, 新建导则 (its reviewers) and 核验商户 find accounts with it.
 */
export function useAccountFinder(
  form: FormInstance,
  field: string,
  pick: (phone: string) => Promise<AccountPick>,
) {
  const { t } = useTranslation();
  const [isFinding, setFinding] = useState(false);

  async function find(): Promise<AccountPick | null> {
    const phone = mobileDigits(form.getFieldValue(field) as string | undefined);
    if (!phone) {
      form.setFields([{ name: field, errors: [t('councils.member.phoneRule')] }]);
      return null;
    }
    setFinding(true);
    try {
      return await pick(phone);
    } catch (error) {
      form.setFields([{ name: field, errors: [describeError(error, t)] }]);
      return null;
    } finally {
      setFinding(false);
    }
  }

  return { isFinding, find };
}
