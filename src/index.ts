import { app } from '@azure/functions';
import './functions/all.js';

app.setup({ enableHttpStream: false });
