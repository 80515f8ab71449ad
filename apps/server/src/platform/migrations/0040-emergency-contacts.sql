-- An emergency contact per resident (紧急联系人): sealed like the resident's own phone. The
-- name and the phone encrypted under the data key, their masked copies for display, the keyed
-- hash of the phone beside it (rewritten by the data-key rotation), the relation as a code.
-- Not part of row_digest: an import of the person leaves the contact as it is.
alter table residents add column contact_name_enc text;
alter table residents add column contact_name_masked text;
alter table residents add column contact_relation text;
alter table residents add column contact_phone_enc text;
alter table residents add column contact_phone_hmac text;
alter table residents add column contact_phone_masked text;
alter table residents add column contact_updated_at timestamptz;
alter table residents add constraint residents_contact_whole check (
  (contact_name_enc is null) = (contact_phone_enc is null)
  and (contact_name_enc is null) = (contact_relation is null)
);
