import { app } from '@azure/functions';
// Gives the intake trigger its SDK binding (explicit settlement, so invalid messages can be dead-lettered with a reason).
import '@azure/functions-extensions-servicebus';
import './functions/all.js';

app.setup({ enableHttpStream: false });
