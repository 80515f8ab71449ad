-- Shops verified by the street (decision 022): a shop its owner registered is "unverified" until
-- staff of its area have checked its licence; only a verified shop joins an alliance or is made
-- a member. A shop staff registered is verified as it is written; those before this migration
-- count as verified when staff wrote them for someone else.
alter table shops add column verified_at timestamptz;
alter table shops add column verified_by uuid;
update shops set verified_at = created_at, verified_by = created_by
  where account_id is distinct from created_by;
create index shops_unverified_idx on shops (area_path text_pattern_ops, created_at desc, id)
  where verified_at is null;

-- An expense is approved by that many member organisations, not accounts: two directors of one
-- member count once. Each approval records the member its approver spoke for.
alter table council_fund_approvals add column member_id uuid;
update council_fund_approvals a set member_id = r.member_id
  from council_representatives r
  where r.council_id = a.council_id and r.account_id = a.account_id;
create unique index council_fund_approvals_member_idx
  on council_fund_approvals (council_id, expense_seq, member_id);
