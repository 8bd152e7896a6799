import { z } from 'zod';

const A_TYPE: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  date: 'a date',
};

const FORMATS: Record<string, string> = {
  url: 'an http or https URL',
  datetime: 'an ISO 8601 date and time',
  email: 'an email address',
  uuid: 'a GUID',
  guid: 'a GUID',
};

const listOf = (values: readonly unknown[]) => values.map((v) => String(v)).join(', ');

type Issue = Parameters<z.core.$ZodErrorMap>[0];

/** A field's problem in the project's words; a message a schema sets itself always wins over these. */
export function fieldMessage(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return `must be ${A_TYPE[issue.expected] ?? issue.expected}`;
    case 'invalid_value':
      return `must be one of: ${listOf(issue.values)}`;
    case 'too_big': {
      const max = String(issue.maximum);
      if (issue.origin === 'string') return `must be at most ${max} characters`;
      if (issue.origin === 'array') return `may list at most ${max}`;
      return `must be at most ${max}`;
    }
    case 'too_small': {
      const min = String(issue.minimum);
      if (issue.origin === 'string')
        return min === '1' ? 'must not be empty' : `must be at least ${min} characters`;
      if (issue.origin === 'array') return min === '1' ? 'must not be empty' : `must list at least ${min}`;
      return `must be at least ${min}`;
    }
    case 'invalid_format':
      return `must be ${FORMATS[issue.format] ?? `in the ${issue.format} format`}`;
    case 'unrecognized_keys':
      return 'is not allowed here (unknown field)';
    case 'invalid_union':
      return 'matches none of the allowed forms';
    default:
      return undefined;
  }
}

// Process-wide, so every schema's defaults read the same; a schema's own message still wins.
z.config({ customError: fieldMessage });
