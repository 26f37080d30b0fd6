/** The library's sections as the navigation names them (UI string keys). */
import type { MessageKey } from '../../lib/i18n.ts';
import type { Section } from '../../lib/library/route.ts';

export const SECTION_LABELS: Readonly<Record<Section, MessageKey>> = {
  measures: 'sectionMeasures',
  compare: 'sectionCompare',
  documents: 'sectionDocuments',
  annotations: 'sectionAnnotations',
  exchange: 'sectionExchange',
};
