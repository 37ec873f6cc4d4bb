import { beforeEach, describe, expect, it } from 'vitest';
import { loadRememberedMapping, rememberMapping } from './remembered-mapping';

describe('remembered mapping', () => {
  beforeEach(() => localStorage.clear());

  it('is empty at first', () => {
    expect(loadRememberedMapping()).toEqual({});
  });

  it('keeps each column’s choice by its normalized header, left-out columns too', () => {
    rememberMapping(['E-Mail Address', 'Notes', 'Nombre'], ['email', null, 'firstName']);
    expect(loadRememberedMapping()).toEqual({ emailaddress: 'email', notes: null, nombre: 'firstName' });
  });

  it('adds to what earlier imports taught, the latest choice winning', () => {
    rememberMapping(['Correo', 'Nombre'], ['email', 'firstName']);
    rememberMapping(['correo', 'Empresa'], [null, 'company']);
    expect(loadRememberedMapping()).toEqual({ correo: null, nombre: 'firstName', empresa: 'company' });
  });

  it('ignores anything stored that is not a mapping', () => {
    localStorage.setItem('partition-console.import-mapping', '{"a": 3}');
    expect(loadRememberedMapping()).toEqual({});
    localStorage.setItem('partition-console.import-mapping', 'not json');
    expect(loadRememberedMapping()).toEqual({});
  });

  it('carries on when the browser refuses to store', () => {
    const full = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    } as unknown as Storage;
    expect(() => rememberMapping(['Email'], ['email'], full)).not.toThrow();
  });
});
