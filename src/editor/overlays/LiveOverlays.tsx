/**
 * Canvas overlays during a run: a queue-fill bar in front of each edge's
 * target (green < 60 %, yellow < 85 %, red above; the edge stroke takes the
 * colour too from 60 %), the queue count on each edge ("312 / 1024", as
 * NiFi shows it) and a badge on each node (msg/s, utilization, p95),
 * with the detected bottleneck marked. Each component selects only its own
 * pre-formatted entry of the live overlay store (written at ≤ 4 Hz), so it
 * re-renders only when what it shows changes.
 *
 * With no run they cost nothing: the canvas subscribes once to whether a run
 * is live and hands it down through LiveActiveContext; until then an edge is
 * React Flow's bezier edge (no store subscription, no path id) and a node
 * badge renders nothing. Per-element subscriptions exist only during a run.
 */
import { BezierEdge, type EdgeProps } from '@xyflow/react';
import { createContext, memo, useContext } from 'react';

import { fillBand, useLiveStore } from '../../store/live-store.ts';
import './overlays.css';

const BAR_W = 30;
const BAR_H = 5;

const BAND_COLOR = {
  ok: 'var(--ok)',
  warn: '#d4a72c',
  hot: 'var(--danger)',
} as const;

/** True while a run is live; provided once by the canvas. */
export const LiveActiveContext = createContext(false);

/**
 * The default (bezier) edge plus, during a run, the live queue-fill bar.
 * Registered as the `default` edge type.
 */
export const FlowEdge = memo(function FlowEdge(props: EdgeProps) {
  const active = useContext(LiveActiveContext);
  // Like React Flow's built-in default edge: the public BezierEdge would put
  // the edge id on its <path> (700 document ids on a large graph).
  if (!active) return <BezierEdge {...props} id={undefined} />;
  return <LiveEdge {...props} />;
});

function LiveEdge(props: EdgeProps) {
  const pct = useLiveStore((s) => (s.active ? s.edgeFillPct[props.id] : undefined));
  const title = useLiveStore((s) => (s.active ? s.edgeTitles[props.id] : undefined));
  // NiFi-style: messages queued on the connection over its capacity ("312 / 1024").
  const queued = useLiveStore((s) => (s.active ? s.edgeQueued[props.id] : undefined));
  if (pct === undefined) return <BezierEdge {...props} id={undefined} />;
  const band = fillBand(pct);
  const style =
    band === 'ok' ? props.style : { ...props.style, stroke: BAND_COLOR[band], strokeWidth: 2 };
  const x = props.targetX - BAR_W - 10;
  const y = props.targetY - BAR_H - 6;
  return (
    <>
      <BezierEdge {...props} id={undefined} style={style} />
      {queued !== undefined && (
        <text
          className="queue-count"
          x={(props.sourceX + props.targetX) / 2}
          y={(props.sourceY + props.targetY) / 2}
          dy="1.1em"
          textAnchor="middle"
          data-testid={`edge.${props.id}.queued`}
        >
          {queued}
        </text>
      )}
      <g
        className={`queue-bar queue-${band}`}
        data-testid={`edge.${props.id}.queue`}
        data-fill={pct}
      >
        <title>{`${pct}% full · ${title ?? ''}`}</title>
        <rect x={x} y={y} width={BAR_W} height={BAR_H} rx={1.5} className="queue-bar-bg" />
        <rect
          x={x}
          y={y}
          width={Math.max(pct > 0 ? 1.5 : 0, (BAR_W * pct) / 100)}
          height={BAR_H}
          rx={1.5}
          fill={BAND_COLOR[band]}
        />
      </g>
    </>
  );
}

/** A node's live badge (and the bottleneck mark); nothing when no run is live. */
export const LiveNodeBadge = memo(function LiveNodeBadge({ id }: { id: string }) {
  return useContext(LiveActiveContext) ? <LiveBadge id={id} /> : null;
});

function LiveBadge({ id }: { id: string }) {
  const badge = useLiveStore((s) => (s.active ? s.nodeBadges[id] : undefined));
  const bottleneck = useLiveStore((s) => s.active && s.bottleneck === id);
  if (badge === undefined) return null;
  return (
    <>
      {bottleneck && <div className="fnode-bottleneck-ring" aria-hidden="true" />}
      <div
        className={`fnode-live${bottleneck ? ' is-bottleneck' : ''}`}
        data-testid={`node.${id}.live`}
        title={
          bottleneck
            ? 'Bottleneck: the busiest stage, or the one whose queue is fullest'
            : undefined
        }
      >
        {bottleneck && <b>Bottleneck · </b>}
        {badge}
      </div>
    </>
  );
}
