// The password reader in-process, with fake streams: the first line of a pipe, and the hidden
// prompt of a terminal (no echo, editing keys, Ctrl-C).
import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { PromptCancelled, readFirstLine, readNewPassword, readPassword, type PasswordInput } from './password';
import { splitName } from './patient-add';

const pipe = (text: string) => {
  const s = new PassThrough();
  s.end(text);
  return s;
};

function fakeTty(...keys: string[]) {
  const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: vi.fn() }) as PassThrough & PasswordInput & { setRawMode: ReturnType<typeof vi.fn> };
  const prompt = new PassThrough();
  let echoed = '';
  prompt.setEncoding('utf8').on('data', (d: string) => (echoed += d));
  // Deliver each key press after the prompt is listening.
  const feed = async () => {
    for (const k of keys) {
      await new Promise((r) => setTimeout(r, 1));
      input.write(k);
    }
  };
  void feed();
  return { input, prompt, echoed: () => echoed };
}

describe('password from stdin', () => {
  it('takes only the first line of a pipe, keeping spaces, dropping CR', async () => {
    expect(await readFirstLine(pipe('  pass word  \r\nsecond line\n'))).toBe('  pass word  ');
    expect(await readFirstLine(pipe('no newline at end'))).toBe('no newline at end');
    expect(await readFirstLine(pipe(''))).toBeNull();
    await expect(readPassword('Password: ', { input: pipe('') as PasswordInput })).rejects.toMatchObject({ exitCode: 2 });
  });

  it('reads without echo at a terminal, with backspace and Ctrl-U', async () => {
    const tty = fakeTty('wrong', '\u0015', 'secreX', '\u007f', 't!', '\r');
    expect(await readPassword('Password for admin: ', tty)).toBe('secret!');
    expect(tty.echoed()).toBe('Password for admin: \n');
    expect(tty.input.setRawMode.mock.calls).toEqual([[true], [false]]);
  });

  it('asks twice for a new password at a terminal and refuses a mismatch; Ctrl-C cancels', async () => {
    await expect(readNewPassword('New password: ', fakeTty('first-password\r', 'other-password\r'))).rejects.toThrow('the passwords do not match');
    await expect(readPassword('Password: ', fakeTty('abc\u0003'))).rejects.toBeInstanceOf(PromptCancelled);
  });
});

describe('--name', () => {
  it('splits "Family, Given" and refuses anything else', () => {
    expect(splitName(' van der Berg ,  Anna Maria ')).toEqual({ familyName: 'van der Berg', givenName: 'Anna Maria' });
    expect(splitName('Anna van der Berg')).toBeNull();
    expect(splitName('Berg,')).toBeNull();
    expect(splitName(', Anna')).toBeNull();
  });
});
