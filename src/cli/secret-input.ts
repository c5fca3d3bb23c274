import { createInterface } from "node:readline";

/**
 * Reads secrets from environment variables, or else from standard input: one per line, in the order
 * asked, or at a prompt (not echoed) on a terminal. Never from flags: flags show in `ps`.
 */
export class SecretInput {
  readonly #env: NodeJS.ProcessEnv;
  readonly #stdin: NodeJS.ReadStream;
  readonly #stderr: NodeJS.WriteStream;
  #lines: Promise<string[]> | undefined;

  constructor(env: NodeJS.ProcessEnv, stdin: NodeJS.ReadStream, stderr: NodeJS.WriteStream) {
    this.#env = env;
    this.#stdin = stdin;
    this.#stderr = stderr;
  }

  /** The variable's value, or the next line of stdin (prompting on a terminal), or undefined. */
  async get(variable: string, prompt: string): Promise<string | undefined> {
    const fromEnv = this.#env[variable];
    if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
    if (this.#stdin.isTTY) return this.#prompt(prompt);
    const lines = await (this.#lines ??= this.#readAll());
    return lines.shift();
  }

  async #readAll(): Promise<string[]> {
    const chunks: Buffer[] = [];
    for await (const chunk of this.#stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8").split(/\r?\n/).filter((line) => line !== "");
  }

  #prompt(question: string): Promise<string> {
    const rl = createInterface({ input: this.#stdin, output: this.#stderr, terminal: true });
    this.#stderr.write(question);
    // Echo nothing of what is typed.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => undefined;
    return new Promise((resolve) =>
      rl.question("", (answer) => {
        rl.close();
        this.#stderr.write("\n");
        resolve(answer);
      }),
    );
  }
}
