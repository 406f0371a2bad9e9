import { $, waymark } from '../shop.js';

const form = $('#survey-form');
form.addEventListener('submit', (e) => {
  e.preventDefault();
  if (!form.reportValidity()) return;
  const score = +form.elements.score.value;
  const props = { survey: 'nps', score };
  const comment = form.elements.comment.value.trim();
  if (comment) props.comment = comment.slice(0, 500);
  waymark('track', 'survey_answered', props);
  form.hidden = true;
  $(score >= 9 ? '#survey-promoter' : '#survey-thanks').hidden = false;
});
