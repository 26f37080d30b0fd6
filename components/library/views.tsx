/**
 * Which component shows each section of the library. Measures and Documents are library-core's
 * (`measures/`, `documents/`); Compare, Annotations and Export / Import are library-views' (their
 * own folders), wired here: each line below is the only place a section is named.
 */
import type { ComponentType } from 'preact';
import type { LibraryViewProps } from '../../lib/library/env.ts';
import type { Section } from '../../lib/library/route.ts';
import { AnnotationsView } from './annotations/AnnotationsView.tsx';
import { CompareView } from './compare/CompareView.tsx';
import { DocumentsSection } from './documents/DocumentsSection.tsx';
import { ExchangeView } from './exchange/ExchangeView.tsx';
import { MeasuresSection } from './measures/MeasuresSection.tsx';

export const VIEWS: Readonly<Record<Section, ComponentType<LibraryViewProps>>> = {
  measures: MeasuresSection,
  compare: CompareView,
  documents: DocumentsSection,
  annotations: AnnotationsView,
  exchange: ExchangeView,
};
