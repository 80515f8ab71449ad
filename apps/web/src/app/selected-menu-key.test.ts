import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { selectedMenuKey } from './selected-menu-key';

// the shape of the console's menu: plain items, a group with nested paths, a link that is no path
const MENU = [
  { key: '/' },
  { key: '/cases' },
  { key: '/dispatch' },
  {
    key: 'group-volunteers',
    type: 'group',
    children: [
      { key: '/volunteers' },
      { key: '/volunteers/teams' },
      { key: '/volunteers/activities' },
      { key: '/volunteers/dispatch' },
    ],
  },
  null,
  { key: 'api-docs' },
];

describe('the highlighted menu item', () => {
  it('when a path lies under a nested item, then that item wins over its parent', () => {
    assert.equal(selectedMenuKey('/volunteers/activities', MENU), '/volunteers/activities');
    assert.equal(selectedMenuKey('/volunteers/activities/a1/code', MENU), '/volunteers/activities');
    assert.equal(selectedMenuKey('/volunteers/teams', MENU), '/volunteers/teams');
    assert.equal(selectedMenuKey('/volunteers/dispatch', MENU), '/volunteers/dispatch');
  });

  it('when a path lies only under the parent, then the parent is highlighted', () => {
    assert.equal(selectedMenuKey('/volunteers', MENU), '/volunteers');
    assert.equal(selectedMenuKey('/volunteers/v42', MENU), '/volunteers');
    assert.equal(selectedMenuKey('/cases/c1', MENU), '/cases');
  });

  it('when a key is only a prefix of a segment, then it does not match', () => {
    assert.equal(selectedMenuKey('/volunteers-old', MENU), undefined);
    assert.equal(selectedMenuKey('/volunteers/teamsx', MENU), '/volunteers');
  });

  it('when the path is not the home page, then home is not highlighted for it', () => {
    assert.equal(selectedMenuKey('/', MENU), '/');
    assert.equal(selectedMenuKey('/nowhere', MENU), undefined);
    assert.equal(selectedMenuKey('/api-docs', MENU), undefined);
  });
});
