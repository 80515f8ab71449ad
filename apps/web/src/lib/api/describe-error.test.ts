import { ErrorCode } from '@cc/contracts';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testT } from '../../app/test-i18n';
import { ApiError, ClientErrorCode } from './api-client';
import { describeError, isAbortError, isSessionEnded, pickLanguage } from './describe-error';

const zh = testT('zh-CN');
const en = testT('en');

const apiError = (statusCode: number, code: string, message: string, retryAfter?: number) =>
  new ApiError({ statusCode, code, message }, retryAfter);

describe('pickLanguage', () => {
  it('when a message is "English / 中文", then each language gets its half', () => {
    const message = 'Username is required / 请输入用户名';
    assert.equal(pickLanguage(message, 'zh-CN'), '请输入用户名');
    assert.equal(pickLanguage(message, 'en'), 'Username is required');
    assert.equal(pickLanguage(message, 'en-GB'), 'Username is required');
  });

  it('when the English half names a Chinese place, then it is still cut at the last " / "', () => {
    const message = 'no room 105 in 云南中路花园 / 没有该房屋';
    assert.equal(pickLanguage(message, 'en'), 'no room 105 in 云南中路花园');
    assert.equal(pickLanguage(message, 'zh-CN'), '没有该房屋');
  });

  it('when the English half itself holds " / ", then only the last one splits', () => {
    const message = 'room 8号楼 3 / 2 is taken / 房间已被占用';
    assert.equal(pickLanguage(message, 'en'), 'room 8号楼 3 / 2 is taken');
    assert.equal(pickLanguage(message, 'zh-CN'), '房间已被占用');
  });

  it('when " / " lists Chinese values, not a translation, then the message stays whole', () => {
    const message = 'sex must be one of 应为: 男 / 女';
    assert.equal(pickLanguage(message, 'en'), message);
    assert.equal(pickLanguage(message, 'zh-CN'), message);
  });

  it('when a message is in one language only, or empty, then it is shown as it is', () => {
    for (const message of ['plain message', '只有中文', 'a / b', '8号楼 / 8号楼', '']) {
      assert.equal(pickLanguage(message, 'en'), message);
      assert.equal(pickLanguage(message, 'zh-CN'), message);
    }
  });
});

describe('describeError', () => {
  it('when the server sent a message, then the reader sees their half of it', () => {
    const error = apiError(400, ErrorCode.validation, 'name is too long / 姓名过长');
    assert.equal(describeError(error, zh), '姓名过长');
  });

  it('when the server cannot be reached, then the reader is told so in their language', () => {
    const error = apiError(0, ClientErrorCode.network, 'TypeError: fetch failed');
    assert.equal(describeError(error, zh), zh('error.network'));
    assert.equal(describeError(error, en), en('error.network'));
    assert.match(describeError(error, zh), /[\u4e00-\u9fff]/);
    assert.notEqual(describeError(error, zh), 'error.network');
  });

  it('when the answer was not JSON, then the reader gets the bad-response text', () => {
    const error = apiError(200, ClientErrorCode.badResponse, 'Response is not JSON');
    assert.equal(describeError(error, zh), zh('error.badResponse'));
  });

  it('when a 429 says when to retry, then the wait is added to the message', () => {
    const error = apiError(429, ErrorCode.tooManyRequests, 'Too many tries / 尝试次数过多', 7);
    const text = describeError(error, zh);
    assert.ok(text.startsWith('尝试次数过多 '), text);
    assert.ok(text.includes('7'), text);
    assert.equal(text, `尝试次数过多 ${zh('error.retryAfter', { seconds: 7 })}`);
  });

  it('when a 429 does not say when, then only the message is shown', () => {
    const error = apiError(429, ErrorCode.tooManyRequests, 'Too many tries / 尝试次数过多');
    assert.equal(describeError(error, zh), '尝试次数过多');
  });

  it('when an API error has no message, then the status is named', () => {
    const error = apiError(418, ErrorCode.internal, '');
    assert.equal(describeError(error, zh), zh('error.status', { status: 418 }));
    assert.ok(describeError(error, zh).includes('418'));
  });

  it('when the error is not from the API, then its own message or "unknown" is shown', () => {
    assert.equal(describeError(new Error('地图加载失败'), zh), '地图加载失败');
    assert.equal(describeError('a string', zh), zh('error.unknown'));
    assert.equal(describeError(undefined, en), en('error.unknown'));
  });
});

describe('error kinds', () => {
  it('when a call was aborted, then it is an abort; other errors are not', () => {
    assert.equal(isAbortError(new DOMException('stop', 'AbortError')), true);
    assert.equal(isAbortError(new DOMException('no', 'NotFoundError')), false);
    assert.equal(isAbortError(new Error('AbortError')), false);
    assert.equal(isAbortError(apiError(0, ClientErrorCode.network, 'x')), false);
  });

  it('when the answer was 401, then the session has ended; a 403 has not', () => {
    assert.equal(isSessionEnded(apiError(401, ErrorCode.unauthenticated, 'x')), true);
    assert.equal(isSessionEnded(apiError(403, ErrorCode.forbidden, 'x')), false);
    assert.equal(isSessionEnded(new Error('401')), false);
  });
});
