import { Typography } from 'antd';

/**
 * Text as people typed it (React escapes it; line breaks kept, long words wrapped). Never HTML,
 * and Markdown is never rendered: `<script>` or `**bold**` show as typed.
 */
export function PlainText({ text, testId }: { text: string; testId?: string }) {
  return (
    <Typography.Paragraph
      style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', marginBottom: 8 }}
      data-testid={testId}
    >
      {text}
    </Typography.Paragraph>
  );
}
