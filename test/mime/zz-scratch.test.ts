import { it } from 'vitest';
import { bodyStructure } from '../../src/mime/bodystructure.js';
import { crlfMessage, fixture, wire } from './support.js';
it('s', () => { const m = crlfMessage(fixture('rfc3501-example.eml')); console.log('@@' + wire(bodyStructure(m, true))); console.log('@@' + wire(bodyStructure(m, false))); });
