/** The first packaging tool missing from node_modules, as the sentence to print, or null. */
export function missingTool(modules?: string): string | null;
