/**
 * The overlay view: renders {@link Overlay} into the host's shadow root. The layer calls `render`
 * with fresh positions on every layout; Preact keeps the open card's state across renders.
 */
import { render } from 'preact';
import type { OverlayActions, OverlayState, OverlayView } from '../../lib/layer/controller.ts';
import { Overlay } from './Overlay.tsx';

export function createOverlayView(
  shadow: ShadowRoot,
  host: HTMLElement,
  actions: OverlayActions,
): OverlayView {
  const container = shadow.ownerDocument.createElement('div');
  container.className = 'mount';
  shadow.appendChild(container);
  return {
    render(state: OverlayState) {
      render(<Overlay state={state} actions={actions} host={host} />, container);
    },
    dispose() {
      render(null, container);
      container.remove();
    },
  };
}
