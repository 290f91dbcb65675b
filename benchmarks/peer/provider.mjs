// A well-known OpenID provider as the peer of our IdP's card login: npm `oidc-provider` with
// its development interactions (a login form taking any name, then a consent form), one
// confidential client (client_secret_basic, PKCE S256), served on loopback.
//   node provider.mjs PORT        (oidc-provider installed beside it: npm install oidc-provider@9)
import Provider from "oidc-provider";

const port = Number(process.argv[2]);
const issuer = `http://127.0.0.1:${port}`;
const provider = new Provider(issuer, {
  clients: [
    {
      client_id: "bench",
      client_secret: "bench-secret-bench-secret-bench-secret",
      redirect_uris: ["http://127.0.0.1:9/callback"],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  features: { devInteractions: { enabled: true } },
  findAccount: async (ctx, id) => ({ accountId: id, claims: async () => ({ sub: id }) }),
  cookies: { keys: ["bench-cookie-key-bench-cookie-key"] },
});
provider.listen(port, "127.0.0.1", () => console.log(`oidc-provider ${issuer}/`));
