// The structlint extension: starts `structlint server` (the language server of
// kedro-structlint[server]) over stdio and hands it the Python and YAML files of the workspace.
import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;

// The interpreter selected in the Python extension (ms-python.python), if it is installed.
async function selectedInterpreter(resource?: vscode.Uri): Promise<string | undefined> {
  const ext = vscode.extensions.getExtension("ms-python.python");
  if (!ext) {
    return undefined;
  }
  try {
    const api: any = ext.isActive ? ext.exports : await ext.activate();
    const envs = api?.environments;
    if (envs?.getActiveEnvironmentPath) {
      const active = envs.getActiveEnvironmentPath(resource);
      const resolved = await envs.resolveEnvironment(active);
      return resolved?.executable?.uri?.fsPath ?? active?.path;
    }
    // Older releases of the Python extension.
    const details = api?.settings?.getExecutionDetails?.(resource);
    return details?.execCommand?.[0];
  } catch (err) {
    output?.appendLine(`structlint: could not ask the Python extension: ${err}`);
    return undefined;
  }
}

// The command line that starts the server: `structlint.path`, else
// `<interpreter> -m structlint server` (`structlint.interpreter`, the selected one, python3).
export async function serverCommand(
  config: vscode.WorkspaceConfiguration,
  resource?: vscode.Uri,
): Promise<{ command: string; args: string[] }> {
  const extra = config.get<string[]>("args", []);
  const path = config.get<string[]>("path", []);
  if (path.length > 0) {
    return { command: path[0], args: [...path.slice(1), "server", ...extra] };
  }
  const interpreter = config.get<string[]>("interpreter", []);
  const python =
    interpreter.length > 0 ? interpreter : [(await selectedInterpreter(resource)) ?? "python3"];
  return { command: python[0], args: [...python.slice(1), "-m", "structlint", "server", ...extra] };
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const config = vscode.workspace.getConfiguration("structlint");
  if (!config.get<boolean>("enable", true)) {
    return;
  }
  const folder = vscode.workspace.workspaceFolders?.[0];
  const { command, args } = await serverCommand(config, folder?.uri);
  output?.appendLine(`structlint: starting ${command} ${args.join(" ")}`);
  const serverOptions: ServerOptions = {
    command,
    args,
    transport: TransportKind.stdio,
    options: { cwd: folder?.uri.fsPath },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "python" },
      { scheme: "file", language: "yaml" },
    ],
    outputChannel: output,
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher("**/{*.py,*.yml,*.yaml,pyproject.toml}"),
    },
  };
  client = new LanguageClient("structlint", "structlint", serverOptions, clientOptions);
  await client.start();
}

async function stop(): Promise<void> {
  if (client) {
    const old = client;
    client = undefined;
    await old.stop();
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("structlint");
  context.subscriptions.push(output);
  context.subscriptions.push(
    vscode.commands.registerCommand("structlint.restart", async () => {
      await stop();
      await start(context);
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("structlint")) {
        await stop();
        await start(context);
      }
    }),
  );
  try {
    await start(context);
  } catch (err) {
    vscode.window.showErrorMessage(
      `structlint: the server did not start (${err}). Install kedro-structlint[server] into ` +
        "the selected interpreter, or set `structlint.path`.",
    );
  }
}

export function deactivate(): Thenable<void> | undefined {
  return client ? stop() : undefined;
}
