import { describe, expect, it } from 'vitest';
import { parseEnvelope } from './envelope.ts';

const control =
  '<control><senderid>s</senderid><password>p</password><controlid>c</controlid><uniqueid>false</uniqueid><dtdversion>3.0</dtdversion></control>';
const op = (content: string, auth = '<sessionid>abc</sessionid>', attrs = ''): string =>
  `<operation${attrs}><authentication>${auth}</authentication><content>${content}</content></operation>`;
const fn = '<function controlid="f1"><readByQuery><object>VENDOR</object><query/></readByQuery></function>';

function failureOf(xml: string): string {
  const e = parseEnvelope(xml);
  if (e.ok) throw new Error('expected a failure');
  return e.message;
}

describe('request envelope', () => {
  it('parses control, authentication and functions', () => {
    const e = parseEnvelope(
      `<?xml version="1.0"?><request>${control}${op(fn, '<sessionid>abc</sessionid>', ' transaction="true"')}</request>`,
    );
    expect(e.ok).toBe(true);
    if (!e.ok) return;
    expect(e.control).toMatchObject({ senderId: 's', controlId: 'c', uniqueId: false, dtdVersion: '3.0' });
    expect(e.operations[0]).toMatchObject({ transaction: true, auth: { kind: 'session', sessionId: 'abc' } });
    expect(e.operations[0]!.functions.map((f) => [f.controlId, f.name])).toEqual([['f1', 'readByQuery']]);
  });

  it('accepts the SDK form with an empty <content />, plus optional appid and login locationid', () => {
    const ctl =
      '<control><appid>a</appid><senderid>s</senderid><password>p</password><controlid>c</controlid><includewhitespace>false</includewhitespace></control>';
    const login = '<login><userid>u</userid><companyid>c</companyid><password>p</password><locationid>100</locationid></login>';
    const e = parseEnvelope(
      `<request>${ctl}<operation transaction="false"><authentication>${login}</authentication><content /></operation></request>`,
    );
    expect(e.ok && e.operations[0]!.auth).toMatchObject({ kind: 'login', locationId: '100' });
  });

  it('rejects control elements out of DTD order and names them', () => {
    const swapped = '<control><password>p</password><senderid>s</senderid><controlid>c</controlid></control>';
    expect(failureOf(`<request>${swapped}${op(fn)}</request>`)).toMatch(/senderid|password/);
    const late =
      '<control><senderid>s</senderid><password>p</password><controlid>c</controlid><dtdversion>3.0</dtdversion><uniqueid>true</uniqueid></control>';
    expect(failureOf(`<request>${late}${op(fn)}</request>`)).toMatch(/unexpected element <uniqueid>/);
  });

  it('rejects missing required elements, unknown functions and a missing controlid attribute', () => {
    expect(failureOf(`<request>${control}</request>`)).toMatch(/missing <operation>/);
    expect(failureOf(`<request><control><senderid>s</senderid></control>${op(fn)}</request>`)).toMatch(/missing <controlid>/);
    expect(failureOf(`<request>${control}${op('<function controlid="x"><hackTheBox/></function>')}</request>`)).toMatch(/hackTheBox/);
    expect(failureOf(`<request>${control}${op('<function><readMore/></function>')}</request>`)).toMatch(/controlid/);
    expect(
      failureOf(
        `<request>${control}${op(fn, '<login><companyid>c</companyid><userid>u</userid><password>p</password></login>')}</request>`,
      ),
    ).toMatch(/login/);
  });

  it('rejects malformed XML and DOCTYPEs', () => {
    expect(failureOf('<request><control></request>')).toMatch(/closing tag/i);
    expect(failureOf('<!DOCTYPE x [<!ENTITY a "b">]><request/>')).toMatch(/DOCTYPE/);
    expect(failureOf('<request>')).toBeTruthy();
  });

  it('rejects bad booleans and an unsupported dtdversion', () => {
    expect(failureOf(`<request>${control.replace('false', 'yes')}${op(fn)}</request>`)).toMatch(/uniqueid/);
    expect(failureOf(`<request>${control.replace('3.0', '2.1')}${op(fn)}</request>`)).toMatch(/dtdversion/);
    expect(failureOf(`<request>${control}${op(fn, undefined, ' transaction="maybe"')}</request>`)).toMatch(/transaction/);
  });
});
