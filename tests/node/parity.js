// The official Node.js SDK (@alicloud/dysmsapi20170525) calling a sandbox: one API per run,
// its answer's body (or its error) printed as JSON for tests/dysms/test_node_sdk_parity.py.
//   node parity.js <host:port> <AccessKeyId> <AccessKeySecret> <Action> '<JSON parameters>'
"use strict";
// The tests' pinned clock (SANDBOX_NOW, ISO 8601): the SDK signs with the time, and the sandbox
// checks it against its own, which is the test's.
if (process.env.SANDBOX_NOW) {
  const RealDate = Date;
  const offset = RealDate.parse(process.env.SANDBOX_NOW) - RealDate.now();
  global.Date = class extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...args);
    }
    static now() {
      return RealDate.now() + offset;
    }
  };
}
const Dysmsapi = require("@alicloud/dysmsapi20170525");
const OpenApi = require("@alicloud/openapi-client");

async function main() {
  const [endpoint, keyId, secret, action, parameters] = process.argv.slice(2);
  const config = new OpenApi.Config({
    accessKeyId: keyId,
    accessKeySecret: secret,
    endpoint,
    protocol: "http",
    readTimeout: 5000,
    connectTimeout: 2000,
  });
  const client = new Dysmsapi.default(config);
  const method = action.charAt(0).toLowerCase() + action.slice(1);
  const request = new Dysmsapi[`${action}Request`](JSON.parse(parameters || "{}"));
  try {
    const answer = await client[method](request);
    process.stdout.write(JSON.stringify({ status: answer.statusCode, body: answer.body.toMap() }));
  } catch (error) {
    const data = error.data || {};
    process.stdout.write(
      JSON.stringify({ error: error.code, status: error.statusCode || data.statusCode, requestId: data.RequestId }),
    );
  }
}

main();
