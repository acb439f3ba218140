// Parses a card with Microsoft's Adaptive Cards JavaScript renderer (`adaptivecards`, the one the
// Agents Playground shows), so every test run checks what a real client does with the card even
// where the official JSON schemas are absent. The renderer silently drops what it does not know
// (an element or action type it has no class for, a property value outside its enum) and only
// says so in the parse events: any such event is a failure here.
import type * as AC from 'adaptivecards';

type Renderer = typeof AC;
let renderer: Renderer | undefined;

// Loaded on first use: the package's `lib/` entry is ESM and fails from CommonJS, the `dist/`
// bundle is CommonJS; and most test files never parse a card.
function load(): Renderer {
  renderer ??= require('adaptivecards/dist/adaptivecards.js') as Renderer;
  return renderer;
}

// Problems found after parsing (validateProperties) that are bugs in a card the bot sends, not
// the renderer's authoring hints: two inputs sharing an id lose one value on submit, and a
// version the renderer does not know is rendered as the latest it does.
const VALIDATION_FAILURES = new Set(['DuplicateId', 'UnsupportedCardVersion']);

function describeSource(source: AC.SerializableObject | undefined): string {
  if (!source) return '';
  const named = source as unknown as { getJsonTypeName?: () => string; id?: string };
  const type = named.getJsonTypeName?.() ?? '';
  return `${type}${named.id ? `#${named.id}` : ''}: `;
}

/** What the renderer reports about `card`: every parse event, and the validation events above. */
export function rendererProblems(card: unknown): string[] {
  const { AdaptiveCard, SerializationContext, ValidationEvent, ValidationPhase } = load();
  const parsed = new AdaptiveCard();
  const context = new SerializationContext();
  // A copy: the renderer must not be able to change the card the test goes on to read.
  parsed.parse(JSON.parse(JSON.stringify(card)), context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    problems.push(`  ${ValidationPhase[e.phase]} ${ValidationEvent[e.event]}: ${describeSource(e.source)}${e.message}`);
  }
  for (const e of parsed.validateProperties().validationEvents) {
    const name = ValidationEvent[e.event];
    if (VALIDATION_FAILURES.has(name)) problems.push(`  Validation ${name}: ${describeSource(e.source)}${e.message}`);
  }
  return problems;
}

/** Throws, listing the renderer's events, unless Microsoft's renderer parses `card` cleanly. */
export function assertRendererParses(card: unknown): void {
  const problems = rendererProblems(card);
  if (problems.length > 0)
    throw new Error(`Adaptive Card is not parsed cleanly by the adaptivecards renderer:\n${problems.join('\n')}`);
}
