import { createInterface } from 'node:readline';

/** Asks questions on a terminal; secrets are typed without echo. */
export type Prompter = {
  ask(question: string, options?: { hidden?: boolean; defaultValue?: string }): Promise<string>;
  choose(question: string, choices: readonly { label: string; value: string }[]): Promise<string>;
  close(): void;
};

/** Everything the CLI touches outside itself, so tests call main() with their own. */
export type CliIo = {
  env: NodeJS.ProcessEnv;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Absent when there is no terminal (scripts, CI, tests): the CLI then needs flags. */
  prompter?: Prompter;
};

/** A usage mistake: exit code 2 and a hint, never a stack trace. */
export class UsageError extends Error {}

/** An operation that could not be done (not found, refused, database down): exit code 1. */
export class CommandError extends Error {}

type MutableReadline = ReturnType<typeof createInterface> & { _writeToOutput?: (text: string) => void };

/**
 * A node:readline prompter. Hidden answers: readline's echo is muted while the secret is typed
 * (the documented pattern has no public API; `_writeToOutput` is what readline writes through).
 */
export function createTerminalPrompter(input: NodeJS.ReadStream, output: NodeJS.WriteStream): Prompter {
  const readline = createInterface({ input, output, terminal: true }) as MutableReadline;
  let muted = false;
  let hiddenPrompt = '';
  const write = readline._writeToOutput?.bind(readline);
  readline._writeToOutput = (text: string) => {
    if (!muted || text === hiddenPrompt) write?.(text);
    else if (text.includes('\n') || text.includes('\r')) output.write('\n');
  };
  const question = (text: string) => new Promise<string>((resolve) => readline.question(text, resolve));
  return {
    async ask(text, options = {}) {
      const suffix = options.defaultValue ? ` [${options.defaultValue}]` : '';
      const prompt = `${text}${suffix}: `;
      if (options.hidden) {
        hiddenPrompt = prompt;
        muted = true;
        const answer = await question(prompt);
        muted = false;
        return answer.trim();
      }
      const answer = (await question(prompt)).trim();
      return answer === '' ? (options.defaultValue ?? '') : answer;
    },
    async choose(text, choices) {
      output.write(`${text}\n`);
      choices.forEach((choice, index) => {
        output.write(`  ${String(index + 1).padStart(2)}. ${choice.label}\n`);
      });
      for (;;) {
        const answer = (await question(`Number (1-${choices.length}): `)).trim();
        const choice = choices[Number(answer) - 1];
        if (choice) return choice.value;
        output.write('Please type one of the numbers above.\n');
      }
    },
    close: () => readline.close(),
  };
}
