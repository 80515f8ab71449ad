import { demoCouncilUsernames, readDemoMerchants } from './seed-councils.js';
import { demoUnitUsernames } from './seed-cases.js';
import { readDemoFile } from './seed-demo.js';
import { demoResidentUsernames, readDemoResidents } from './seed-residents.js';

/**
 * Every account the demo city makes, with the password published beside it in demo/*.json:
 * the sample staff (accounts.json), the residents (residents.json), the merchants and the
 * 黄金城道 council's representatives (merchants.json), the street's units and inspectors
 * (units.json, with the sample staff's password). A production start refuses while any of
 * them is enabled with that password; `disable-demo-accounts` disables them.
 */
export function publishedDemoAccounts(): { usernames: string[]; password: string }[] {
  return [
    {
      usernames: readDemoFile().accounts.map((a) => a.username),
      password: readDemoFile().password,
    },
    { usernames: demoUnitUsernames(), password: readDemoFile().password },
    { usernames: demoResidentUsernames(), password: readDemoResidents().password },
    { usernames: demoCouncilUsernames(), password: readDemoMerchants().password },
  ];
}
