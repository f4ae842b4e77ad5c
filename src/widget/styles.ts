/**
 * The widget's stylesheet, adopted by its shadow root. Pixel units on purpose: `rem` would
 * follow the host page's root font size, which the commune's sites set as they please.
 * Colours match the portal and keep at least 4.5:1 contrast for text.
 */
export const WIDGET_CSS = `
:host { all: initial; }
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }

.frame {
  position: fixed;
  right: 16px;
  bottom: 16px;
  display: flex;
  flex-direction: column;
  align-items: flex-end;
  gap: 12px;
  font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Liberation Sans', Arial, sans-serif;
  font-size: 16px;
  line-height: 1.5;
  color: #1c2430;
  text-align: left;
  letter-spacing: normal;
  text-transform: none;
  font-weight: 400;
  font-style: normal;
}

a { color: #1a5790; text-decoration: underline; }
a:hover { color: #142b44; }
:focus-visible { outline: 3px solid #0f1b2a; outline-offset: 2px; }

.launcher {
  display: inline-flex;
  align-items: center;
  gap: 8px;
  min-height: 48px;
  padding: 10px 18px;
  border: 2px solid #ffffff;
  border-radius: 999px;
  background: #1d3b5c;
  color: #ffffff;
  font: inherit;
  font-weight: 600;
  cursor: pointer;
  box-shadow: 0 2px 6px rgb(20 30 45 / 0.25), 0 6px 20px rgb(20 30 45 / 0.2);
}
.launcher:hover { background: #142b44; }
.launcher:focus-visible { outline: 3px solid #0f1b2a; outline-offset: 3px; }
.launcher-icon {
  width: 20px;
  height: 20px;
  border-radius: 50% 50% 50% 4px;
  border: 2px solid currentColor;
  position: relative;
}
.launcher-icon::after {
  content: '?';
  position: absolute;
  inset: 0;
  display: grid;
  place-items: center;
  font-size: 12px;
  font-weight: 700;
  line-height: 1;
}
.launcher.is-open .launcher-icon::after { content: '×'; font-size: 16px; }

.panel {
  width: min(400px, calc(100vw - 32px));
  max-height: min(640px, calc(100vh - 96px));
  display: flex;
  flex-direction: column;
  background: #fbfaf6;
  border: 1px solid #8a8478;
  border-radius: 12px;
  box-shadow: 0 4px 12px rgb(20 30 45 / 0.18), 0 16px 40px rgb(20 30 45 / 0.18);
  overflow: hidden;
}

.header {
  display: flex;
  align-items: center;
  justify-content: space-between;
  gap: 8px;
  padding: 10px 12px 10px 16px;
  background: #1d3b5c;
  color: #ffffff;
}
.title { margin: 0; font-size: 18px; font-weight: 700; line-height: 1.3; color: #ffffff; }
.title:focus { outline: none; }
.icon-button {
  width: 40px;
  height: 40px;
  display: grid;
  place-items: center;
  border: 0;
  border-radius: 8px;
  background: transparent;
  color: #ffffff;
  cursor: pointer;
}
.icon-button:hover { background: rgb(255 255 255 / 0.12); }
.icon-button:focus-visible { outline: 3px solid #ffd84d; outline-offset: -3px; }
.close-icon { position: relative; width: 18px; height: 18px; }
.close-icon::before, .close-icon::after {
  content: '';
  position: absolute;
  left: 8px;
  top: 0;
  width: 2px;
  height: 18px;
  background: currentColor;
  transform: rotate(45deg);
}
.close-icon::after { transform: rotate(-45deg); }

.body { padding: 12px 16px; overflow-y: auto; flex: 1 1 auto; display: flex; flex-direction: column; gap: 12px; }
.notice { margin: 0; font-size: 14px; color: #4a5361; padding: 8px 10px; background: #e6edf4; border-radius: 8px; }
.badge {
  display: inline-block;
  padding: 0 6px;
  border-radius: 4px;
  background: #1d3b5c;
  color: #ffffff;
  font-size: 12px;
  font-weight: 700;
}
.empty { margin: 0; font-size: 14px; color: #4a5361; }

.log { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 12px; }
.log:empty { display: none; }
.item { display: flex; flex-direction: column; gap: 2px; }
.item.user { align-items: flex-end; }
.author { margin: 0; font-size: 13px; font-weight: 600; color: #4a5361; }
.bubble { margin: 0; padding: 10px 12px; border-radius: 10px; font-size: 15px; }
.user-bubble { background: #1d3b5c; color: #ffffff; white-space: pre-wrap; max-width: 90%; }
.assistant-bubble { background: #ffffff; border: 1px solid #d6d2c7; width: 100%; }
.answer-text { margin: 0 0 8px; }
.citation { font-weight: 700; text-decoration: none; margin-left: 2px; padding: 0 2px; border-radius: 3px; }
.citation:hover { background: #e6edf4; text-decoration: underline; }
.subtitle { margin: 8px 0 2px; font-size: 14px; font-weight: 700; }
.subtitle-lg { margin: 0 0 6px; font-size: 16px; font-weight: 700; }
.subtitle-lg:focus { outline: none; }
.sources { margin: 0; padding-left: 22px; font-size: 14px; }
.sources li { margin: 2px 0; }
.offer { margin-top: 10px; padding: 10px; border-radius: 8px; background: #e6edf4; }
.offer p { margin: 0 0 8px; }

.pending { margin: 0; font-size: 14px; color: #4a5361; }
.pending:empty { display: none; }
.error { margin: 0; color: #a4262c; font-size: 14px; }
.error:empty { display: none; }

.button {
  display: inline-flex;
  align-items: center;
  justify-content: center;
  min-height: 40px;
  padding: 6px 14px;
  border: 1px solid #8a8478;
  border-radius: 8px;
  background: #ffffff;
  color: #1c2430;
  font: inherit;
  font-weight: 600;
  cursor: pointer;
}
.button:hover { background: #f2f0ea; }
.button.primary { background: #1d3b5c; border-color: #1d3b5c; color: #ffffff; }
.button.primary:hover { background: #142b44; }
.button:disabled { opacity: 0.6; cursor: default; }
.button.small { min-height: 32px; padding: 2px 10px; font-size: 14px; }
.button[aria-pressed='true'] { background: #1d3b5c; border-color: #1d3b5c; color: #ffffff; }

.feedback { margin-top: 10px; padding-top: 8px; border-top: 1px solid #d6d2c7; font-size: 14px; }
.feedback-vote { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; }
.feedback-question { color: #4a5361; margin-right: 4px; }
.feedback-details { margin-top: 8px; display: flex; flex-direction: column; gap: 6px; }
.feedback-status { margin: 6px 0 0; color: #1f6b3a; }
.feedback-status:empty { display: none; }
.chips { border: 0; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 6px; }
.chips legend { padding: 0; margin-bottom: 4px; }
.chip {
  display: inline-flex;
  align-items: center;
  gap: 4px;
  padding: 2px 10px;
  min-height: 32px;
  border: 1px solid #8a8478;
  border-radius: 999px;
  background: #ffffff;
  cursor: pointer;
}
.chip input { margin: 0; width: 16px; height: 16px; accent-color: #1d3b5c; }

.label { display: block; font-size: 14px; font-weight: 600; margin: 0; }
.help { margin: 0; font-size: 13px; color: #4a5361; }
.input {
  display: block;
  width: 100%;
  margin: 0;
  padding: 8px 10px;
  border: 1px solid #8a8478;
  border-radius: 8px;
  background: #ffffff;
  color: #1c2430;
  font: inherit;
  font-size: 16px;
  resize: vertical;
}
.input:focus { outline: 3px solid #0f1b2a; outline-offset: 1px; }

.composer { display: flex; flex-direction: column; gap: 6px; padding: 10px 16px 12px; border-top: 1px solid #d6d2c7; background: #ffffff; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; justify-content: flex-end; }

.handoff { display: flex; flex-direction: column; gap: 6px; padding: 12px; border: 1px solid #d6d2c7; border-radius: 10px; background: #ffffff; }
.handoff p { margin: 0; font-size: 14px; }
.handoff.done { border-left: 4px solid #1f6b3a; }
.handoff.done:focus { outline: 3px solid #0f1b2a; outline-offset: 2px; }
.code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 16px; letter-spacing: 0.05em; }

.footer { margin: 0; padding: 6px 16px 10px; font-size: 13px; background: #ffffff; text-align: right; }

@media (max-width: 480px) {
  .frame { right: 8px; bottom: 8px; }
  .panel { width: calc(100vw - 16px); max-height: calc(100vh - 80px); }
}
`;
