import type { KoaContextWithOIDC } from 'oidc-provider';

/**
 * The few pages the provider itself shows (zh-CN first, English second): an error it cannot
 * send back to the department system (a redirect URI not registered, an unknown client), the
 * question before RP-initiated logout, and the page after it when the system gave no address
 * to return to. No script: the CSP of /oidc allows none but the provider's own form_post.
 */

const escape = (s: unknown) =>
  String(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const STYLE = `body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;
background:#f5f5f5;color:#1f1f1f;margin:0;padding:48px 16px}
main{max-width:420px;margin:0 auto;background:#fff;border-radius:8px;padding:24px 28px;
box-shadow:0 1px 4px rgba(0,0,0,.12)}h1{font-size:20px;margin:0 0 4px}
.en{color:#666;font-size:14px;margin:0 0 16px}p{line-height:1.6}
button{display:block;width:100%;height:40px;margin:12px 0 0;border-radius:6px;font-size:15px;
cursor:pointer;border:1px solid #d9d9d9;background:#fff}button.primary{background:#1677ff;
border-color:#1677ff;color:#fff}code{background:#f0f0f0;padding:1px 4px;border-radius:3px}`;

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>${STYLE}</style>
</head>
<body><main>${body}</main></body>
</html>`;
}

/** Errors people may meet, in their words; anything else keeps the provider's own code. */
const EXPLAINED: Record<string, { zh: string; en: string }> = {
  invalid_redirect_uri: {
    zh: '该系统提供的回调地址未登记，已停止登录。请联系系统管理员。',
    en: 'The address the system asked to return to is not registered; sign-in stopped.',
  },
  invalid_client: {
    zh: '该系统未接入或已停用。',
    en: 'The system is not registered here, or has been disabled.',
  },
  invalid_request: {
    zh: '登录请求不完整或有误。',
    en: 'The sign-in request is incomplete or wrong.',
  },
  session_not_found: {
    zh: '登录请求已过期，请回到原系统重新登录。',
    en: 'The sign-in request has expired: go back to the system and sign in again.',
  },
  server_error: {
    zh: '统一登录暂时出错，请稍后再试。',
    en: 'One sign-on failed for now; try again later.',
  },
};

/** `renderError`: an error that is not sent back to a department system. */
export async function renderError(
  ctx: KoaContextWithOIDC,
  out: { error: string; error_description?: string },
): Promise<void> {
  const known = EXPLAINED[out.error];
  ctx.type = 'html';
  ctx.body = page(
    '无法完成登录 · Sign-in could not be completed',
    `<h1>无法完成登录</h1><p class="en">Sign-in could not be completed</p>
<p>${escape(known?.zh ?? '登录请求无法处理。')}<br><span class="en">${escape(known?.en ?? 'The sign-in request could not be handled.')}</span></p>
<p class="en"><code>${escape(out.error)}</code>${out.error_description ? ` — ${escape(out.error_description)}` : ''}</p>
<p><a href="/systems">返回专业系统 / Back to department systems</a></p>`,
  );
}

/** `rpInitiatedLogout.logoutSource`: the question before signing out (`form` holds its xsrf). */
export async function logoutSource(ctx: KoaContextWithOIDC, form: string): Promise<void> {
  const client = ctx.oidc.client?.clientName;
  ctx.type = 'html';
  ctx.body = page(
    '退出统一登录 · Sign out',
    `<h1>退出统一登录？</h1><p class="en">Sign out of one sign-on?</p>
<p>${client ? `${escape(client)} 请求退出。` : ''}退出后，经社区云进入的各专业系统都需重新登录。<br>
<span class="en">${client ? `${escape(client)} asks to sign you out. ` : ''}Department systems you entered through Community Cloud will ask you to sign in again.</span></p>
${form}
<button class="primary" autofocus type="submit" form="op.logoutForm" value="yes" name="logout">退出 · Sign out</button>
<button type="submit" form="op.logoutForm">保持登录 · Stay signed in</button>`,
  );
}

/** `rpInitiatedLogout.postLogoutSuccessSource`: signed out, and nowhere to return to. */
export async function postLogoutSuccessSource(ctx: KoaContextWithOIDC): Promise<void> {
  ctx.type = 'html';
  ctx.body = page(
    '已退出 · Signed out',
    `<h1>已退出统一登录</h1><p class="en">You are signed out of one sign-on.</p>
<p><a href="/systems">返回专业系统 / Back to department systems</a></p>`,
  );
}
