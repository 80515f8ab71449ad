-- One sign-on for the city's department systems (一键跳转登录, issue 25, decision 024): the
-- OpenID Connect provider mounted at /oidc keeps what it stores in our database — the clients
-- an administrator registers, its signing keys (private parts under the data key) and its
-- sessions, grants, codes and tokens (one payload table) — and the consents people gave.
-- Ids of accounts carry no foreign keys (identity owns them).

-- A department system that signs its users in here (an OAuth client).
create table sso_clients (
  id uuid primary key,
  client_id text not null unique,
  name text not null,
  department text not null,
  logo_url text,
  redirect_uris text[] not null,
  post_logout_redirect_uris text[] not null default '{}',
  initiate_login_uri text not null,
  backchannel_logout_uri text,
  allowed_roles text[] not null,
  allowed_claims text[] not null,
  secret_enc text not null,            -- the client secret under the data key
  secret_rotated_at timestamptz not null default now(),
  disabled boolean not null default false,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- The provider's signing keys: the newest unretired one signs, retired ones stay published
-- in the JWKS for verification until they are dropped.
create table sso_keys (
  kid text primary key,
  jwk_enc text not null,               -- the private JWK (JSON) under the data key
  created_at timestamptz not null default now(),
  retired_at timestamptz
);

-- What oidc-provider stores through its adapter: sessions, interactions, grants, codes and
-- tokens, by model and id. Columns beside the payload are what lookups and revocation need.
create table sso_payloads (
  model text not null,
  id text not null,
  payload jsonb not null,
  grant_id text,
  user_code text,
  uid text,
  account_id text,                     -- payload.accountId: ends an account's sessions and tokens
  client_id text,                      -- payload.clientId: ends a disabled client's grants
  issuer text not null,                -- the issuer that wrote it (back-channel logout signs as it)
  expires_at timestamptz,
  consumed_at timestamptz,
  primary key (model, id)
);
create index sso_payloads_grant_idx on sso_payloads (grant_id) where grant_id is not null;
create index sso_payloads_uid_idx on sso_payloads (uid) where uid is not null;
create index sso_payloads_user_code_idx on sso_payloads (user_code) where user_code is not null;
create index sso_payloads_account_idx on sso_payloads (account_id) where account_id is not null;
create index sso_payloads_client_idx on sso_payloads (client_id) where client_id is not null;
create index sso_payloads_expiry_idx on sso_payloads (expires_at) where expires_at is not null;

-- A person's consent to give a system these claims: asked once, until the system asks for more.
create table sso_consents (
  account_id uuid not null,
  client_id text not null,
  claims text[] not null,
  granted_at timestamptz not null default now(),
  primary key (account_id, client_id)
);
create index sso_consents_client_idx on sso_consents (client_id);
