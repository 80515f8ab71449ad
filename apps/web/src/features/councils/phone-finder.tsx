import { SearchOutlined } from '@ant-design/icons';
import { Button, Input, Space } from 'antd';

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
