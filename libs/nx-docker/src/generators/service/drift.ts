/**
 * The parts of a service that must match between a stack's templates and the repo's own service of
 * that stack (its twin: the service its base images come from), reduced to comparable data. The
 * drift test renders each stack and compares these with the twin's, so a fix or hardening made in
 * one place and not the other fails a test instead of drifting silently.
 */
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import ts from 'typescript';

/** The stages every service has, in this order (helper stages may sit between them). */
export const CONTRACT_STAGES = ['deps', 'test', 'build', 'dev', 'prod'] as const;

export interface DockerfileContract {
  /** Every stage name in order: templates mirror the twin's stage layout. */
  stages: string[];
  /** Each stage's `--platform` (`$BUILDPLATFORM` for a cross-compiling stage), '' when none: where the twin emulates, so does the template. */
  stagePlatforms: string[];
  /** The `*_IMAGE` ARG names before the first FROM. */
  imageArgs: string[];
  /** The ARG prod's FROM names (its runtime base). */
  prodBase: string;
  /** The last USER of prod and of dev. */
  prodUser: string;
  devUser: string;
  /** Sorted distinct cache-mount targets and secret-mount specs across the file. */
  cacheTargets: string[];
  secretMounts: string[];
  prodHealthcheck: boolean;
  /** The Docker 20.10 built-in frontend: no syntax directive, heredoc or COPY --link. */
  frontendFeatures: string[];
}

export function dockerfileContract(text: string): DockerfileContract {
  const dockerfile = DockerfileParser.parse(text);
  const froms = dockerfile.getFROMs();
  const stages = froms.map((from) => from.getBuildStage()?.toLowerCase() ?? '');
  const instructionsOf = (stage: string): Instruction[] => {
    const at = stages.indexOf(stage);
    if (at < 0) return [];
    const start = froms[at]!.getRange().start.line;
    const end = froms[at + 1]?.getRange().start.line ?? Number.POSITIVE_INFINITY;
    return dockerfile.getInstructions().filter((i) => i.getRange().start.line > start && i.getRange().start.line < end);
  };
  const lastUser = (stage: string) => instructionsOf(stage).filter((i) => i.getKeyword() === 'USER').at(-1)?.getArgumentsContent() ?? '';
  const mounts = (type: string) => [...new Set([...text.matchAll(new RegExp(`--mount=type=${type},([^\\s\\\\]+)`, 'g'))].map((m) => m[1]!.replace(/,readonly|,sharing=\w+/g, '')))].sort();
  const prodFrom = froms[stages.indexOf('prod')]?.getImage() ?? '';
  const instructions = text.replace(/^\s*#.*$/gm, '');
  return {
    stages,
    stagePlatforms: froms.map((from) => from.getPlatformFlag()?.getValue() ?? ''),
    imageArgs: dockerfile.getInitialARGs().map((arg) => arg.getProperty()?.getName() ?? '').filter((name) => name.endsWith('_IMAGE')),
    prodBase: prodFrom.replace(/^\$\{?|\}$/g, ''),
    prodUser: lastUser('prod'),
    devUser: lastUser('dev'),
    cacheTargets: mounts('cache'),
    secretMounts: mounts('secret'),
    prodHealthcheck: instructionsOf('prod').some((i) => i.getKeyword() === 'HEALTHCHECK'),
    frontendFeatures: [
      ...(/^#\s*syntax=/m.test(text) ? ['syntax directive'] : []),
      ...(/<<-?\s*['"]?[A-Z]+/.test(instructions) ? ['heredoc'] : []),
      ...(/COPY\s+--link/.test(instructions) ? ['COPY --link'] : []),
    ],
  };
}

export interface SmokeSpecShape {
  /** The kit function the spec calls. */
  kit: string;
  /** The keys of the spec object it passes. */
  keys: string[];
  /** Each key's value as written, for the keys whose value is a literal (absentPaths, tmpfs). */
  literals: Record<string, string>;
}

export function smokeSpecShape(text: string): SmokeSpecShape {
  const source = ts.createSourceFile('smoke.ts', text, ts.ScriptTarget.Latest, true);
  let found: SmokeSpecShape = { kit: '', keys: [], literals: {} };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'describeSmoke') {
      const spec = node.arguments[0];
      const properties = spec && ts.isObjectLiteralExpression(spec) ? spec.properties : ts.factory.createNodeArray<ts.ObjectLiteralElementLike>();
      const literals: Record<string, string> = {};
      for (const property of properties) {
        if (ts.isPropertyAssignment(property) && isLiteral(property.initializer)) literals[property.name.getText(source)] = layoutFree(property.initializer.getText(source));
      }
      found = { kit: 'describeSmoke', keys: properties.map((p) => p.name?.getText(source) ?? '').filter(Boolean).sort(), literals };
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** A literal's text without its layout: whitespace runs, padding inside brackets, trailing commas. */
const layoutFree = (text: string): string =>
  text.replace(/,(\s*[\]}])/g, '$1').replace(/\s+/g, ' ').replace(/([[{]) /g, '$1').replace(/ ([\]}])/g, '$1');

/** An object, array or string literal built only of literals. */
function isLiteral(node: ts.Node): boolean {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isNumericLiteral(node)) return true;
  if (ts.isArrayLiteralExpression(node)) return node.elements.every(isLiteral);
  if (ts.isObjectLiteralExpression(node)) return node.properties.every((p) => ts.isPropertyAssignment(p) && isLiteral(p.initializer));
  return false;
}
