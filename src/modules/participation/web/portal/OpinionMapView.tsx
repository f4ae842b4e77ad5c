import type { TFunction } from 'i18next';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Loading } from '@web/components/Loading';
import { Page } from '@web/components/Page';
import { problemMessage } from '@web/components/problem';
import { paths, portalApi, REGISTER_IDS, type OpinionGroupsView, type PublicConsultation } from '../api';
import { formatDate, formatNumber, formatPercent } from '../shared/format';
import { groupStyle, markerPath, UNGROUPED } from '../shared/palette';
import { useResource } from '@web/components/useResource';
import { ConsultationNav } from './ConsultationNav';
import { TableWrap } from '@web/components/TableWrap';

type Group = OpinionGroupsView['groups'][number];
type Representative = Group['representative'][number];
type GroupShare = OpinionGroupsView['consensus'][number]['groups'][number];

/**
 * `/participation/:id/carte`: the opinion map. Every point is a participant, placed by their votes;
 * the groups are told apart by letter, shape and colour; "you" is marked. Everything the picture
 * shows is also written out: the groups' sizes in a table, what each group stands for in words,
 * what everyone shares and what divides.
 */
export function OpinionMapView({ consultation: c }: { consultation: PublicConsultation }) {
  const { t, i18n } = useTranslation('participation');
  const { data, error } = useResource(() => portalApi.opinionGroups(c.id), [c.id]);
  const lang = i18n.language;
  return (
    <Page title={t('map.title')} lead={<p>{t('map.lead', { title: c.title })}</p>} className="pa-page">
      <ConsultationNav consultation={c} />
      {error ? (
        <p className="error-text" role="alert">
          {problemMessage(t, error)}
        </p>
      ) : null}
      {!data && !error ? <Loading /> : null}
      {data && data.computedAt === null ? <p data-testid="map-empty">{t('map.notYet')}</p> : null}
      {data && data.computedAt !== null ? (
        <>
          <p>{t('map.howToRead')}</p>
          {data.stale ? <p className="status status-warning">{t('map.stale')}</p> : null}
          <MapFigure data={data} />
          <YouSentence data={data} joined={c.me !== null} />
          <GroupsTable data={data} />
          {data.groups.map((g) => (
            <GroupSection key={g.id} group={g} />
          ))}
          <SharedStatements data={data} />
          <section className="section" aria-labelledby="pa-map-method">
            <h2 id="pa-map-method">{t('map.methodTitle')}</h2>
            <p>
              {t('map.methodText', {
                participants: formatNumber(lang, data.participantsCounted),
                votes: formatNumber(lang, data.votesCounted),
                date: formatDate(lang, data.computedAt, true),
              })}
            </p>
            <p>
              <Link to={`/transparence#${REGISTER_IDS.groups}`}>{t('map.registerLink')}</Link>
            </p>
            {data.attribution ? (
              <p className="pa-attribution">
                <strong>{t('openData.attributionIntro')}</strong> <span lang="en">{data.attribution}</span>
              </p>
            ) : null}
          </section>
          <p>
            <Link to={paths.consultation(c.id)}>{t('portal.backToConsultation', { title: c.title })}</Link>
          </p>
        </>
      ) : null}
    </Page>
  );
}

const WIDTH = 320;
const HEIGHT = 240;
const PAD = 18;

function MapFigure({ data }: { data: OpinionGroupsView }) {
  const { t } = useTranslation('participation');
  const titleId = useId();
  const descId = useId();
  const xs = data.participants.map((p) => p.x);
  const ys = data.participants.map((p) => p.y);
  const [minX, maxX] = [Math.min(...xs, 0), Math.max(...xs, 0)];
  const [minY, maxY] = [Math.min(...ys, 0), Math.max(...ys, 0)];
  const sx = (x: number) => PAD + ((x - minX) / (maxX - minX || 1)) * (WIDTH - 2 * PAD);
  const sy = (y: number) => PAD + ((y - minY) / (maxY - minY || 1)) * (HEIGHT - 2 * PAD);
  const me = data.participants.find((p) => p.isMe);
  const ungrouped = data.participants.filter((p) => p.groupId === null).length;
  const description = [
    t('map.figureSummary', { participants: data.participants.length, groups: data.groups.length }),
    ...data.groups.map((g) => t('map.figureGroup', { letter: groupStyle(g.id).letter, count: g.size, shape: t(`map.shapes.${groupStyle(g.id).shape}`) })),
    ungrouped ? t('map.figureUngrouped', { count: ungrouped }) : '',
    me ? (me.groupId !== null ? t('map.youInGroup', { letter: groupStyle(me.groupId).letter }) : t('map.youUngrouped')) : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <figure className="pa-map-figure">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${titleId} ${descId}`} className="pa-map" data-testid="opinion-map">
        <title id={titleId}>{t('map.figureTitle')}</title>
        <desc id={descId}>{description}</desc>
        <rect x="0.5" y="0.5" width={WIDTH - 1} height={HEIGHT - 1} className="pa-map-frame" />
        {data.participants
          .filter((p) => !p.isMe)
          .map((p) => {
            const style = p.groupId === null ? UNGROUPED : groupStyle(p.groupId);
            return (
              <path
                key={p.number}
                d={markerPath(style.shape, sx(p.x), sy(p.y), p.groupId === null ? 2.4 : 3.4)}
                fill={p.groupId === null ? 'none' : style.colour}
                fillOpacity={0.85}
                stroke={style.colour}
                strokeWidth={p.groupId === null ? 1.2 : 0.8}
              />
            );
          })}
        {data.groups.map((g) => {
          const style = groupStyle(g.id);
          return (
            <g key={g.id} className="pa-map-centre">
              <circle cx={sx(g.center[0])} cy={sy(g.center[1])} r={9} fill="#ffffff" stroke={style.colour} strokeWidth={2.5} />
              <text x={sx(g.center[0])} y={sy(g.center[1])} dy="0.35em" textAnchor="middle" className="pa-map-letter" fill="#1c2430">
                {style.letter}
              </text>
            </g>
          );
        })}
        {me ? (
          <g className="pa-map-me" data-testid="map-me">
            <path
              d={markerPath(me.groupId === null ? UNGROUPED.shape : groupStyle(me.groupId).shape, sx(me.x), sy(me.y), 4.2)}
              fill={me.groupId === null ? '#ffffff' : groupStyle(me.groupId).colour}
              stroke="#1c2430"
              strokeWidth={1.2}
            />
            <circle cx={sx(me.x)} cy={sy(me.y)} r={9} fill="none" stroke="#1c2430" strokeWidth={2} />
            <text x={sx(me.x) + (sx(me.x) > WIDTH - 60 ? -12 : 12)} y={sy(me.y)} dy="0.35em" textAnchor={sx(me.x) > WIDTH - 60 ? 'end' : 'start'} className="pa-map-me-label">
              {t('map.you')}
            </text>
          </g>
        ) : null}
      </svg>
      <figcaption>
        <ul className="pa-legend" aria-label={t('map.legend')}>
          {data.groups.map((g) => {
            const style = groupStyle(g.id);
            return (
              <li key={g.id}>
                <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
                  <path d={markerPath(style.shape, 8, 8, 5)} fill={style.colour} stroke={style.colour} />
                </svg>{' '}
                {t('map.legendGroup', { letter: style.letter, count: g.size })}
              </li>
            );
          })}
          {ungrouped ? (
            <li>
              <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
                <path d={markerPath('circle', 8, 8, 4)} fill="none" stroke={UNGROUPED.colour} strokeWidth={1.5} />
              </svg>{' '}
              {t('map.legendUngrouped', { count: ungrouped })}
            </li>
          ) : null}
          {me ? (
            <li>
              <svg viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false">
                <circle cx="10" cy="10" r="8" fill="none" stroke="#1c2430" strokeWidth="2" />
              </svg>{' '}
              {t('map.legendYou')}
            </li>
          ) : null}
        </ul>
      </figcaption>
    </figure>
  );
}

function YouSentence({ data, joined }: { data: OpinionGroupsView; joined: boolean }) {
  const { t } = useTranslation('participation');
  const me = data.participants.find((p) => p.isMe);
  let text: string;
  if (me && me.groupId !== null) text = t('map.youInGroup', { letter: groupStyle(me.groupId).letter });
  else if (me) text = t('map.youUngrouped');
  else text = joined ? t('map.youNotYet') : t('map.youNotParticipant');
  return (
    <p className="pa-you" data-testid="map-you">
      {text}
    </p>
  );
}

function GroupsTable({ data }: { data: OpinionGroupsView }) {
  const { t, i18n } = useTranslation('participation');
  const grouped = data.groups.reduce((n, g) => n + g.size, 0);
  return (
    <TableWrap label={t('map.tableCaption')}>
      <table className="table" data-testid="groups-table">
        <caption>{t('map.tableCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('map.group')}</th>
            <th scope="col">{t('map.participants')}</th>
            <th scope="col">{t('map.share')}</th>
          </tr>
        </thead>
        <tbody>
          {data.groups.map((g) => (
            <tr key={g.id}>
              <th scope="row">{t('map.groupName', { letter: groupStyle(g.id).letter })}</th>
              <td>{g.size}</td>
              <td>{grouped ? formatPercent(i18n.language, g.size / grouped) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** A representative statement's statistic in words: the share of the group on its side, and how much more than the others. */
function representativeSentence(t: TFunction, language: string, r: Representative): string {
  const share = r.nTrials > 0 ? r.nSuccess / r.nTrials : r.pSuccess;
  return t(r.repful === 'agree' ? 'map.repAgree' : 'map.repDisagree', {
    share: formatPercent(language, share),
    n: r.nSuccess,
    trials: r.nTrials,
    ratio: formatNumber(language, r.repness, 1),
  });
}

function GroupSection({ group }: { group: Group }) {
  const { t, i18n } = useTranslation('participation');
  const style = groupStyle(group.id);
  const titleId = `pa-group-${group.id}`;
  return (
    <section className="section pa-group" aria-labelledby={titleId} data-testid="group-section">
      <h2 id={titleId}>
        <svg viewBox="0 0 16 16" width="18" height="18" aria-hidden="true" focusable="false" className="pa-group-marker">
          <path d={markerPath(style.shape, 8, 8, 5.5)} fill={style.colour} stroke={style.colour} />
        </svg>{' '}
        {t('map.groupTitle', { letter: style.letter, count: group.size })}
      </h2>
      {group.representative.length === 0 ? (
        <p>{t('map.noRepresentative')}</p>
      ) : (
        <>
          <p>{t('map.representativeIntro')}</p>
          <ul className="pa-statement-list">
            {group.representative.map((r) => (
              <li key={r.statementId}>
                <p className="pa-statement-quote">
                  <span className="visually-hidden">{t('map.statementNumber', { number: r.number })} </span>
                  {t('common.quoted', { text: r.text })}
                </p>
                <p className="pa-stat-line">
                  <span className={`tag ${r.repful === 'agree' ? 'tag-ok' : 'tag-danger'}`}>{t(`map.repful.${r.repful}`)}</span>{' '}
                  {representativeSentence(t, i18n.language, r)}
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function SharesLine({ shares }: { shares: GroupShare[] }) {
  const { t, i18n } = useTranslation('participation');
  return (
    <ul className="pa-shares">
      {shares.map((s) => (
        <li key={s.groupId}>
          {t('map.groupAgrees', {
            letter: groupStyle(s.groupId).letter,
            share: formatPercent(i18n.language, s.tally.seen > 0 ? s.tally.agree / s.tally.seen : s.pAgree),
            agree: s.tally.agree,
            seen: s.tally.seen,
          })}
        </li>
      ))}
    </ul>
  );
}

function SharedStatements({ data }: { data: OpinionGroupsView }) {
  const { t } = useTranslation('participation');
  return (
    <>
      <section className="section" aria-labelledby="pa-consensus-title" data-testid="consensus">
        <h2 id="pa-consensus-title">{t('map.consensusTitle')}</h2>
        <p>{t('map.consensusIntro')}</p>
        {data.consensus.length === 0 ? (
          <p>{t('map.noConsensus')}</p>
        ) : (
          <ul className="pa-statement-list">
            {data.consensus.map((s) => (
              <li key={s.statementId}>
                <p className="pa-statement-quote">{t('common.quoted', { text: s.text })}</p>
                <p className="pa-stat-line">{s.agreeConsensus >= s.disagreeConsensus ? t('map.consensusAgree') : t('map.consensusDisagree')}</p>
                <SharesLine shares={s.groups} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="section" aria-labelledby="pa-divisive-title" data-testid="divisive">
        <h2 id="pa-divisive-title">{t('map.divisiveTitle')}</h2>
        <p>{t('map.divisiveIntro')}</p>
        {data.divisive.length === 0 ? (
          <p>{t('map.noDivisive')}</p>
        ) : (
          <ul className="pa-statement-list">
            {data.divisive.map((s) => (
              <li key={s.statementId}>
                <p className="pa-statement-quote">{t('common.quoted', { text: s.text })}</p>
                <p className="pa-stat-line">
                  {t('map.divisiveSentence', { most: groupStyle(s.mostAgreeingGroupId).letter, least: groupStyle(s.leastAgreeingGroupId).letter })}
                </p>
                <SharesLine shares={s.groups} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
