import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { join } from 'node:path';
import { missingTool } from '../scripts/dist.mjs';

// electron-builder cannot run here (no Electron binary, not installed): its configuration is data, checked
// against the files it names, so a packaging machine meets no missing icon or hook.
const root = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  main: string;
  productName: string;
  scripts: Record<string, string>;
  build: {
    appId: string;
    productName: string;
    directories: { output: string; buildResources: string };
    files: string[];
    afterPack: string;
    npmRebuild: boolean;
    linux: { target: string[]; icon: string; executableName: string };
    win: { target: string[]; icon: string };
    mac: { target: string[]; icon: string };
  };
};
const build = pkg.build;

/** Width, height, bit depth, colour type and inflated pixel rows of a PNG, after checking its signature. */
function readPng(bytes: Buffer): { width: number; height: number; depth: number; colour: number; pixels: Buffer } {
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let at = 8;
  let header: Buffer | null = null;
  const idat: Buffer[] = [];
  while (at < bytes.length) {
    const len = bytes.readUInt32BE(at);
    const type = bytes.toString('ascii', at + 4, at + 8);
    const data = bytes.subarray(at + 8, at + 8 + len);
    if (type === 'IHDR') header = data;
    if (type === 'IDAT') idat.push(data);
    at += 12 + len;
    if (type === 'IEND') break;
  }
  if (!header) throw new Error('no IHDR chunk');
  return {
    width: header.readUInt32BE(0),
    height: header.readUInt32BE(4),
    depth: header[8],
    colour: header[9],
    pixels: inflateSync(Buffer.concat(idat)),
  };
}

describe('packaging: resources/ and the electron-builder configuration', () => {
  it('names the app and builds from the compiled out/ folder only', () => {
    expect(build.appId).toMatch(/^[a-z]+(\.[a-z]+)+$/);
    expect(build.productName).toBe(pkg.productName);
    expect(build.files).toContain('out/**/*');
    expect(build.files.every((f) => f.startsWith('out/') || f.startsWith('!out/') || f === 'package.json')).toBe(true);
    // The Electron entry lives in what is packaged.
    expect(pkg.main.startsWith('out/')).toBe(true);
    expect(build.directories.buildResources).toBe('resources');
    expect(build.directories.output).toBe('dist');
  });

  it('makes installers for Linux, Windows and macOS, each with an icon from resources/', () => {
    expect(build.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(build.win.target).toContain('nsis');
    expect(build.mac.target).toContain('dmg');
    for (const icon of [build.linux.icon, build.win.icon, build.mac.icon]) {
      expect(icon.startsWith('resources/')).toBe(true);
      expect(existsSync(join(root, icon)), icon).toBe(true);
    }
    // The fuses hook expects this executable name on Linux (scripts/electron-fuses.mjs).
    expect(build.linux.executableName).toBe('layerlab');
  });

  it('locks the binary down after packing and rebuilds native modules for Electron', () => {
    expect(build.afterPack).toBe('scripts/electron-fuses.mjs');
    expect(existsSync(join(root, build.afterPack))).toBe(true);
    // better-sqlite3 is not N-API: it must be compiled against Electron's headers when packaging.
    expect(build.npmRebuild).toBe(true);
    expect(pkg.scripts.dist).toBe('node scripts/dist.mjs');
  });

  it('ships a 512×512 RGBA icon.png (what macOS needs at least) and the same design as icon.svg', () => {
    const png = readPng(readFileSync(join(root, 'resources/icon.png')));
    expect(png).toMatchObject({ width: 512, height: 512, depth: 8, colour: 6 });
    expect(png.pixels.length).toBe((512 * 4 + 1) * 512);
    // Corner transparent (rounded tile), centre opaque.
    const alpha = (x: number, y: number) => png.pixels[y * (512 * 4 + 1) + 1 + x * 4 + 3];
    expect(alpha(0, 0)).toBe(0);
    expect(alpha(256, 256)).toBe(255);
    const svg = readFileSync(join(root, 'resources/icon.svg'), 'utf8');
    expect(svg).toMatch(/^<svg[^>]+viewBox="0 0 512 512"/);
    expect(svg).toContain('<title>LayerLab</title>');
  });

  it('npm run dist says in one line what is missing on a machine without electron-builder', () => {
    expect(missingTool(join(root, 'test', 'fixtures', 'no-such-node-modules'))).toMatch(/npm install -D electron-builder/);
    const r = spawnSync(process.execPath, [join(root, 'scripts/dist.mjs')], { encoding: 'utf8' });
    if (existsSync(join(root, 'node_modules/electron-builder/package.json'))) return;
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/electron-builder/);
    expect(r.stderr).not.toMatch(/at .+:\d+:\d+/);
  });
});
