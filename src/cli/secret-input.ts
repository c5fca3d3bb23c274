import { InterruptedError } from "./exit-codes.js";

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
    // Piped input gets no prompt at all: nothing for a script to filter out of its output.
    if (this.#stdin.isTTY) return this.#prompt(prompt);
    const lines = await (this.#lines ??= this.#readAll());
    return lines.shift();
  }

  async #readAll(): Promise<string[]> {
    const chunks: Buffer[] = [];
    for await (const chunk of this.#stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8").split(/\r?\n/).filter((line) => line !== "");
  }

  /**
   * The question on stderr, then keys read in raw mode and never echoed. Not readline: its redraw
   * erases a question written before it, and masking its output means patching a private method.
   * Raw mode turns Ctrl-C into a byte rather than SIGINT, so it is handled here: the terminal is put
   * back first, then the command ends with InterruptedError. Ctrl-D on an empty answer gives nothing.
   */
  #prompt(question: string): Promise<string | undefined> {
    const stdin = this.#stdin;
    this.#stderr.write(question);
    // Whatever ends the process (a signal, an uncaught error), the terminal is not left in raw mode.
    const restore = () => stdin.setRawMode(false);
    process.once("exit", restore);
    stdin.setRawMode(true);
    stdin.resume();
    return new Promise((resolve, reject) => {
      let answer = "";
      const finish = (settle: () => void) => {
        stdin.off("data", onData);
        restore();
        process.off("exit", restore);
        stdin.pause();
        this.#stderr.write("\n");
        settle();
      };
      const onData = (chunk: Buffer | string) => {
        for (const char of String(chunk)) {
          if (char === "\r" || char === "\n") return finish(() => resolve(answer));
          if (char === "\u0003") return finish(() => reject(new InterruptedError("Interrupted at the prompt (Ctrl-C): nothing was sent.")));
          if (char === "\u0004" && answer === "") return finish(() => resolve(undefined));
          if (char === "\u007f" || char === "\b") answer = [...answer].slice(0, -1).join("");
          else if (char === "\u0015") answer = ""; // Ctrl-U: start the answer again
          else if (char >= " ") answer += char;
        }
      };
      stdin.on("data", onData);
    });
  }
}
