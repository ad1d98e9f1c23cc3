import { COMMANDS } from './commands';

/** `yemai help`: built from the command declarations, so it lists exactly what runs. */
export function helpText(): string {
  const commands = COMMANDS.map((c) => `  ${c.usage.replace(/\n/g, '\n  ')}\n      ${c.summary}`).join('\n\n');
  return [
    '叶脉 Yemai 管理命令 / admin CLI',
    '用法 / usage: yemai [--json] 命令 [参数]   (npm run -s yemai -- [--json] COMMAND [ARGS])',
    '',
    commands,
    '',
    '  yemai help',
    '      显示本帮助 / show this help',
    '',
    '通用选项 / common options:',
    '  --json     成功时在标准输出只打印一个 JSON 对象 / on success print exactly one JSON object on stdout',
    "  -h, --help 显示该命令的用法 / show the command's usage",
    '',
    '数据库 / database: 设置 DATABASE_URL=postgres://… 使用 PostgreSQL，否则使用 YEMAI_DATA_DIR（默认 ./data）里的内置 PGlite；',
    '  打开时自动迁移。PGlite 目录被运行中的机器人占用时请先停止机器人。',
    '  DATABASE_URL selects PostgreSQL, otherwise the embedded PGlite in YEMAI_DATA_DIR (default ./data);',
    '  migrations run on open. Stop the bot first when it holds the PGlite directory.',
    '',
    '退出码 / exit status: 0 成功 / ok, 2 用法错误 / usage error, 1 其他错误 / any other failure (nothing is written).',
  ].join('\n');
}
