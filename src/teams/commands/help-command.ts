// `help`: what the bot can do. Needs no person and no token.
import { buildHelpCard } from '../../cards';
import { show, type AnonymousHandler } from '../app/outcome';

export const helpCommand: AnonymousHandler = async () => show(buildHelpCard());
