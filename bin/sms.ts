import { randomUUID } from 'node:crypto';
import { commandLine, usageError } from './command-line';
import { DEFAULT_URL } from './local-commands';

const USAGE = `usage: npm run sms -- --from <number> "<text>"
Text the local runtime (npm start) as a member of staff's phone would text the trust's number: the
text goes in as AWS End User Messaging delivers it, and the reply is printed. Demo mobiles: Alice
+447700900101, Bob +447700900102; codes: check-in 2468, duress 9999.
  --from <number>    the sender (E.164)
  --to <number>      the trust's number (default +447700900000)
  --id <id>          the inbound message id (default a new one; give the same id to deliver a text twice)
  --url URL          the server (HOME_VISITS_URL; default ${DEFAULT_URL})
  --outbox           list the texts the runtime has sent instead
  -h, --help         this text
e.g. npm run sms -- --from +447700900101 "OK 2468"`;

const { values, positionals } = await commandLine(USAGE, {
  allowPositionals: true,
  options: {
    from: { type: 'string' },
    to: { type: 'string', default: '+447700900000' },
    id: { type: 'string' },
    url: { type: 'string' },
    outbox: { type: 'boolean', default: false },
  },
});
const url = `${values.url ?? process.env.HOME_VISITS_URL ?? DEFAULT_URL}/local/sms`;

if (values.outbox) {
  const { sent } = (await (await fetch(url)).json()) as { sent: { to: string; body: string }[] };
  for (const text of sent) console.log(`${text.to}: ${text.body}`);
} else {
  if (!values.from) await usageError(USAGE, '--from is required');
  if (positionals.length === 0) await usageError(USAGE, 'the text is required');
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ originationNumber: values.from, destinationNumber: values.to, messageBody: positionals.join(' '), inboundMessageId: values.id ?? randomUUID() }),
  });
  const answer = (await response.json()) as { outcome?: string; reply?: string; message?: string };
  if (!response.ok) {
    console.error(`${response.status}: ${answer.message ?? 'refused'}`);
    process.exit(1);
  }
  console.log(`${answer.outcome}: ${answer.reply ?? '(no reply)'}`);
}
