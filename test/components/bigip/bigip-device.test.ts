import { describe, expect, it } from 'vitest';
import { App } from '../../../lib/core/app';
import { Stack } from '../../../lib/core/stack';
import { Testing } from '../../../lib/testing/testing';
import { BigipDevice } from '../../../components/bigip/bigip-device';
import { expectValidationError } from '../../helpers/expect-errors';

const stack = () => new Stack(new App(), 'test');

describe('BigipDevice', () => {
  it('default snapshot', () => {
    const s = stack();
    new BigipDevice(s, 'Bigip', { url: 'https://192.0.2.1' });
    expect(Testing.synth(s)).toMatchSnapshot();
  });

  it('takes its name from the id, lower-cased, unless deviceName is given', () => {
    const s = stack();
    expect(new BigipDevice(s, 'BigipEast', { url: 'https://192.0.2.1' }).deviceName).toBe('bigipeast');
    expect(
      new BigipDevice(s, 'West', { url: 'https://192.0.2.2', deviceName: 'bigip-west' }).deviceName,
    ).toBe('bigip-west');
  });

  it.each([
    ['https://192.0.2.1', 'https://192.0.2.1'],
    ['https://192.0.2.1/', 'https://192.0.2.1'],
    ['https://bigip.example.com:8443', 'https://bigip.example.com:8443'],
    ['https://[2001:db8::1]:443/', 'https://[2001:db8::1]'],
    ['HTTPS://BIGIP.example.com', 'https://bigip.example.com'],
  ])('normalizes the url %j to %j', (url, expected) => {
    expect(new BigipDevice(stack(), 'Bigip', { url }).url).toBe(expected);
  });

  it('records itself in the devices section of index.json', () => {
    const s = stack();
    new BigipDevice(s, 'Bigip', { url: 'https://192.0.2.1:8443' });
    new BigipDevice(s, 'Another', { url: 'https://192.0.2.2', deviceName: 'a-bigip' });
    expect(Testing.parse(Testing.synth(s), 'test/index.json')).toMatchObject({
      devices: [
        { name: 'a-bigip', url: 'https://192.0.2.2', path: 'test/Another' },
        { name: 'bigip', url: 'https://192.0.2.1:8443', path: 'test/Bigip' },
      ],
    });
  });

  describe('fails when', () => {
    it('url is not a URL', () => {
      expectValidationError(
        () => new BigipDevice(stack(), 'Bigip', { url: '192.0.2.1' }),
        'test/Bigip',
        `'url' must be an https:// management URL such as "https://10.1.1.245", got "192.0.2.1"`,
      );
    });

    it('url is not https', () => {
      expectValidationError(
        () => new BigipDevice(stack(), 'Bigip', { url: 'http://192.0.2.1' }),
        'test/Bigip',
        `'url' must use https:// (BIG-IP serves its REST API over TLS only), got "http://192.0.2.1"`,
      );
    });

    it('url carries credentials (and the message does not repeat them)', () => {
      const error = expectValidationError(
        () => new BigipDevice(stack(), 'Bigip', { url: 'https://admin:s3cret@192.0.2.1' }),
        'test/Bigip',
        `'url' must not carry credentials; keep them in the CIS login Secret and Pulumi secrets`,
      );
      expect(error.message).not.toContain('s3cret');
    });

    it.each(['https://192.0.2.1/mgmt', 'https://192.0.2.1/?a=1', 'https://192.0.2.1/#x'])(
      'url has a path, query or fragment (%j)',
      (url) => {
        expectValidationError(
          () => new BigipDevice(stack(), 'Bigip', { url }),
          'test/Bigip',
          `'url' must be the device address only (no path or query), got ${JSON.stringify(url)}`,
        );
      },
    );

    it.each(['Bigip_1', 'bigip.east', '-bigip'])('deviceName is %j', (deviceName) => {
      expectValidationError(
        () => new BigipDevice(stack(), 'Bigip', { url: 'https://192.0.2.1', deviceName }),
        'test/Bigip',
        `'deviceName' must be lower-case letters, digits and "-" (it names an output folder), got ${JSON.stringify(deviceName)}`,
      );
    });

    it('the id gives no valid default deviceName', () => {
      expectValidationError(
        () => new BigipDevice(stack(), 'Bigip_East', { url: 'https://192.0.2.1' }),
        'test/Bigip_East',
        `'deviceName' must be lower-case letters, digits and "-" (it names an output folder), got "bigip_east"`,
      );
    });
  });
});
