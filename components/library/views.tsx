/**
 * Which component shows each section of the library. Measures and Documents are library-core's
 * (`measures/`, `documents/`); Compare, Annotations and Export / Import are library-views' (their
 * own folders), wired here: each line below is the only place a section is named.
 */
import type { ComponentType } from 'preact';
import type { LibraryViewProps } from '../../lib/library/env.ts';
import type { Section } from '../../lib/library/route.ts';
import { DocumentsSection } from './documents/DocumentsSection.tsx';
import { MeasuresSection } from './measures/MeasuresSection.tsx';
import { Placeholder } from './Placeholder.tsx';

export const VIEWS: Readonly<Record<Section, ComponentType<LibraryViewProps>>> = {
  measures: MeasuresSection,
  compare: Placeholder, // library-views: the Compare view (components/library/compare/)
  documents: DocumentsSection,
  annotations: Placeholder, // library-views: the Annotations view (components/library/annotations/)
  exchange: Placeholder, // library-views: the Export / Import view (components/library/exchange/)
};
