import { Typography } from 'antd';
import { Fragment, type ReactNode } from 'react';
import { parseMarkdown, type Block, type Inline } from './markdown-parse';

function inline(nodes: Inline[]): ReactNode[] {
  return nodes.map((n, i) => {
    switch (n.t) {
      case 'text':
        return <Fragment key={i}>{n.v}</Fragment>;
      case 'br':
        return <br key={i} />;
      case 'strong':
        return <strong key={i}>{inline(n.c)}</strong>;
      case 'em':
        return <em key={i}>{inline(n.c)}</em>;
      case 'link':
        return (
          <a key={i} href={n.href} target="_blank" rel="noopener noreferrer nofollow">
            {inline(n.c)}
          </a>
        );
    }
  });
}

function block(b: Block, i: number): ReactNode {
  switch (b.t) {
    case 'h':
      return (
        <Typography.Title key={i} level={b.level <= 2 ? 4 : 5} style={{ marginTop: 12 }}>
          {inline(b.c)}
        </Typography.Title>
      );
    case 'p':
      return <Typography.Paragraph key={i}>{inline(b.c)}</Typography.Paragraph>;
    case 'ul':
      return (
        <ul key={i}>
          {b.items.map((item, j) => (
            <li key={j}>{inline(item)}</li>
          ))}
        </ul>
      );
    case 'ol':
      return (
        <ol key={i} start={b.start}>
          {b.items.map((item, j) => (
            <li key={j}>{inline(item)}</li>
          ))}
        </ol>
      );
  }
}

/**
 * A notice's body, rendered from the safe Markdown subset into React elements: text stays
 * text (React escapes it), only http/https/mailto links become links.
 */
export function NoticeMarkdown({ source, testId }: { source: string; testId?: string }) {
  return (
    <div className="cc-notice-body" data-testid={testId}>
      {parseMarkdown(source).map(block)}
    </div>
  );
}
