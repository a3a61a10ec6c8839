// A real OpenID Connect provider (npm's oidc-provider) for the single sign-on browser tests.
//
// It plays the city's identity provider on 127.0.0.1: discovery, authorization code flow with
// PKCE, RS256 ID tokens signed with a key generated at start, userinfo, and RP-initiated logout
// (end_session_endpoint). Its sign-in form checks a login and password against the accounts it
// is given, as a real IdP would; consent is granted for the one first-party client.
//
// Configured from the environment (the pytest fixture sets it):
//   OIDC_TEST_PORT                   port to listen on (127.0.0.1 only)
//   OIDC_TEST_CLIENT                 JSON: {client_id, client_secret, redirect_uris, post_logout_redirect_uris}
//   OIDC_TEST_ACCOUNTS               JSON: [{login, password, email, name}]
// Prints "ready <issuer>" once it listens.

import * as crypto from 'node:crypto';
import * as http from 'node:http';

import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_TEST_PORT);
const client = JSON.parse(process.env.OIDC_TEST_CLIENT);
const accounts = JSON.parse(process.env.OIDC_TEST_ACCOUNTS);
const issuer = `http://127.0.0.1:${port}`;

const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: crypto.randomUUID(), alg: 'RS256', use: 'sig' };

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// Plain pages without outside resources: the tests' browser reaches nothing but this machine.
const page = (title, body) => `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>${escape(title)}</title></head><body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;

const provider = new Provider(issuer, {
  clients: [{
    ...client,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
    id_token_signed_response_alg: 'RS256',
  }],
  jwks: { keys: [signingKey] },
  cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, sub) {
    const account = accounts.find((candidate) => candidate.login === sub);
    if (!account) return undefined;
    return {
      accountId: sub,
      async claims() {
        return { sub, email: account.email, email_verified: true, name: account.name };
      },
    };
  },
  // The application is the provider's own first-party client: no consent screen.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
  async renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = page('Identity provider error', Object.entries(out).map(([key, value]) => `<p>${escape(key)}: ${escape(value)}</p>`).join(''));
  },
});

async function logoutSource(ctx, form) {
  ctx.body = page('Sign out of the identity provider?', `${form}<button type="submit" form="op.logoutForm" name="logout" value="yes">Yes, sign me out</button>`);
}

async function postLogoutSuccessSource(ctx) {
  ctx.body = page('Signed out', '<p>You are signed out of the identity provider.</p>');
}

function signInForm(uid, error = '') {
  return page('Test identity provider', `${error ? `<p role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}">
  <label>Login <input name="login" autocomplete="username" required></label>
  <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
  <button type="submit">Sign in</button>
</form>`);
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

async function interaction(req, res, uid) {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name !== 'login') {
    // Consent is granted by loadExistingGrant; any other prompt is finished as it stands.
    return provider.interactionFinished(req, res, {}, { mergeWithLastSubmission: true });
  }
  if (req.method === 'POST') {
    const form = await readForm(req);
    const account = accounts.find((candidate) => candidate.login === form.get('login') && candidate.password === form.get('password'));
    if (account) {
      return provider.interactionFinished(req, res, { login: { accountId: account.login } }, { mergeWithLastSubmission: false });
    }
    res.statusCode = 200;
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    return res.end(signInForm(uid, 'Wrong login or password.'));
  }
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  return res.end(signInForm(uid));
}

const callback = provider.callback();
const server = http.createServer((req, res) => {
  const match = /^\/interaction\/([^/?]+)/.exec(req.url);
  if (!match) return callback(req, res);
  return interaction(req, res, match[1]).catch((error) => {
    res.statusCode = 400;
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(page('Identity provider error', `<p>${escape(error.message)}</p>`));
  });
});

server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`ready ${issuer}\n`);
});

for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
