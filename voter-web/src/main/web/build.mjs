// Builds the voter page and the public site into a folder (default: ./dist): bundles src/ui/app.js,
// the encryption worker and src/site/site.js with esbuild, and copies index.html, site.html, style.css and site.css. Installs the locked dependencies first
// (npm ci) when node_modules is missing or older than package-lock.json. Maven runs this during
// generate-resources with the jar's resource folder as the argument.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[2] ?? join(here, 'dist'));

const lock = join(here, 'package-lock.json');
const installed = join(here, 'node_modules', '.package-lock.json');
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: here, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('voter page: npm ci failed');
    process.exit(1);
  }
}

const esbuild = await import('esbuild');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await esbuild.build({
  entryPoints: { voter: join(here, 'src/ui/app.js'), 'encrypt-worker': join(here, 'src/ui/worker.js'), site: join(here, 'src/site/site.js') },
  bundle: true,
  format: 'iife',
  target: ['chrome109', 'firefox115', 'safari16'],
  minify: true,
  legalComments: 'linked',
  outdir: out,
  logLevel: 'warning',
});
for (const f of ['index.html', 'site.html', 'style.css', 'site.css']) copyFileSync(join(here, f), join(out, f));
const files = readdirSync(out).filter((f) => f !== 'assets.txt').sort();
writeFileSync(join(out, 'assets.txt'), files.join('\n') + '\n');
console.log(`voter page: built ${files.length} files into ${out}`);
