import { measureDecodeTranslate, measureSigning } from './micro';
for (let i = 0; i < 2; i++) { const d = await measureDecodeTranslate(3); console.log(d.megabytesPerSecond.toFixed(1), 'MB/s', d.eventsPerSecond.toFixed(0), 'events/s'); }
