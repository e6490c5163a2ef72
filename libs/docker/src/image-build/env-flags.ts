/** On/off switches read from the environment: BUILD_NO_CACHE, BUILD_PULL. */
export function envFlag(env: NodeJS.ProcessEnv, name: string): boolean {
  const value = env[name]?.trim().toLowerCase();
  if (value === undefined || value === '' || value === '0' || value === 'false' || value === 'no') return false;
  if (value === '1' || value === 'true' || value === 'yes') return true;
  throw new Error(`${name}=${env[name]} is not a switch; set it to 1 (on) or 0 (off), or unset it.`);
}
